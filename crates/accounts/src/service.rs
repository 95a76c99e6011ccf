//! Registration, authentication and user lookup.

use catalog::model::actor::Actor;
use catalog::model::field_error::FieldErrors;
use catalog::model::ids::OrganizationId;
use catalog::model::organization::{NewOrganization, Organization, OrganizationKind};
use catalog::service::audit::{self, AuditEntry};
use catalog::service::organizations::{create_organization, find_organization};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::password::{check_password_policy, hash_password, verify_password};
use crate::store::user;

/// A user as the API shows it (never the password hash).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub organization_id: OrganizationId,
    pub email: String,
    pub display_name: String,
    /// The organization's kind: university, enterprise or operator.
    pub role: OrganizationKind,
    pub created_at: DateTime<Utc>,
}

impl User {
    /// The user as a service caller.
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id, organization_id: self.organization_id, kind: self.role }
    }
}

/// The first user of a new organization, as submitted.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[cfg_attr(feature = "openapi", schema(example = "tto@demo-univ.edu.cn"))]
    pub email: Option<String>,
    pub password: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "张老师"))]
    pub display_name: Option<String>,
}

/// `POST /auth/register`: an organization and its first user.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub organization: NewOrganization,
    pub user: NewUser,
}

struct ValidUser {
    email: String,
    password: String,
    display_name: String,
}

fn validate_user(input: &NewUser, errors: &mut FieldErrors) -> Option<ValidUser> {
    let email = errors.required_text("user.email", input.email.as_deref(), 254).map(|email| email.to_lowercase());
    if let Some(email) = &email {
        let well_formed = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        }) && !email.contains(char::is_whitespace);
        if !well_formed {
            errors.push("user.email", "invalid_email", "邮箱格式无效，例如 name@example.com");
        }
    }
    let display_name = errors.required_text("user.display_name", input.display_name.as_deref(), 50);
    let password = match input.password.as_deref() {
        None | Some("") => {
            errors.push("user.password", "required", "user.password 为必填项");
            None
        }
        Some(password) => match check_password_policy(password, email.as_deref().unwrap_or_default()) {
            Ok(()) => Some(password.to_string()),
            Err(reason) => {
                errors.push("user.password", "weak_password", reason.to_string());
                None
            }
        },
    };
    Some(ValidUser { email: email?, password: password?, display_name: display_name? })
}

async fn ensure_email_free<C: ConnectionTrait>(conn: &C, email: &str) -> Result<()> {
    let taken = user::Entity::find().filter(user::Column::Email.eq(email)).count(conn).await?;
    if taken > 0 {
        return Err(Error::EmailTaken);
    }
    Ok(())
}

async fn insert_user<C: ConnectionTrait>(conn: &C, organization: &Organization, valid: &ValidUser) -> Result<User> {
    ensure_email_free(conn, &valid.email).await?;
    let row = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(organization.id.0),
        email: Set(valid.email.clone()),
        password_hash: Set(hash_password(&valid.password)?),
        display_name: Set(valid.display_name.clone()),
        created_at: Set(Utc::now()),
        last_login_at: Set(None),
    };
    let inserted = row.insert(conn).await.map_err(|error| match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::EmailTaken,
        _ => Error::Storage(error),
    })?;
    Ok(user_from_row(inserted, organization.kind))
}

fn user_from_row(row: user::Model, role: OrganizationKind) -> User {
    User {
        id: row.id,
        organization_id: OrganizationId(row.organization_id),
        email: row.email,
        display_name: row.display_name,
        role,
        created_at: row.created_at,
    }
}

async fn register_with(
    db: &DatabaseConnection,
    organization: &NewOrganization,
    new_user: &NewUser,
    allow_operator: bool,
) -> Result<(Organization, User)> {
    let mut errors = FieldErrors::default();
    let valid_organization = organization.validate(allow_operator, &mut errors);
    let valid_user = validate_user(new_user, &mut errors);
    let (Some(valid_organization), Some(valid_user)) = (valid_organization, valid_user) else {
        return Err(Error::Validation(errors.into_vec()));
    };
    if !errors.is_empty() {
        return Err(Error::Validation(errors.into_vec()));
    }
    let txn = db.begin().await?;
    ensure_email_free(&txn, &valid_user.email).await?;
    let organization = create_organization(&txn, &valid_organization).await?;
    let user = insert_user(&txn, &organization, &valid_user).await?;
    let registrant = Actor { user_id: user.id, organization_id: organization.id, kind: organization.kind };
    let entry = AuditEntry::new("organization.register", "organization", organization.id)
        .with_detail(serde_json::json!({ "kind": organization.kind.code(), "name": organization.name }));
    audit::append(&txn, Some(&registrant), entry).await?;
    txn.commit().await?;
    Ok((organization, user))
}

/// Registers a university or enterprise with its first user, in one transaction.
pub async fn register(db: &DatabaseConnection, registration: &Registration) -> Result<(Organization, User)> {
    register_with(db, &registration.organization, &registration.user, false).await
}

/// Creates an operator organization and user (the `kaixu operator create` command).
pub async fn create_operator(
    db: &DatabaseConnection,
    organization: &NewOrganization,
    new_user: &NewUser,
) -> Result<(Organization, User)> {
    let organization =
        NewOrganization { kind: Some(OrganizationKind::Operator.code().to_string()), ..organization.clone() };
    register_with(db, &organization, new_user, true).await
}

/// Checks e-mail and password and returns the user with its organization; the same error and
/// similar work whether the e-mail exists or not.
pub async fn authenticate(db: &DatabaseConnection, email: &str, password: &str) -> Result<(User, Organization)> {
    let email = email.trim().to_lowercase();
    let row = user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(db).await?;
    let Some(row) = row else {
        // Hash anyway so response time does not reveal which e-mails are registered.
        let _ = hash_password(password);
        return Err(Error::InvalidCredentials);
    };
    if !verify_password(password, &row.password_hash) {
        return Err(Error::InvalidCredentials);
    }
    let organization = find_organization(db, OrganizationId(row.organization_id)).await?;
    let mut active: user::ActiveModel = row.into();
    active.last_login_at = Set(Some(Utc::now()));
    let updated = active.update(db).await?;
    Ok((user_from_row(updated, organization.kind), organization))
}

/// A user and their organization, e.g. for `GET /me` and for checking a token's subject.
pub async fn user(db: &DatabaseConnection, id: Uuid) -> Result<(User, Organization)> {
    let row = user::Entity::find_by_id(id).one(db).await?.ok_or(Error::UserNotFound)?;
    let organization = find_organization(db, OrganizationId(row.organization_id)).await?;
    Ok((user_from_row(row, organization.kind), organization))
}
