//! Creating, finding, listing and verifying organizations.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::audit::{self, AuditEntry};
use crate::error::{Error, Result};
use crate::model::actor::Actor;
use crate::model::ids::OrganizationId;
use crate::model::organization::{Organization, OrganizationKind, ValidOrganization};
use crate::model::page::{Page, PageRequest};
use crate::store::convert::{organization_from_row, to_json};
use crate::store::organization;

/// Creates an organization inside the caller's transaction (registration creates its first
/// user in the same one). Names are unique.
pub async fn create_organization<C: ConnectionTrait>(conn: &C, valid: &ValidOrganization) -> Result<Organization> {
    let taken =
        organization::Entity::find().filter(organization::Column::Name.eq(valid.name.as_str())).count(conn).await?;
    if taken > 0 {
        return Err(Error::OrganizationNameTaken);
    }
    let row = organization::ActiveModel {
        id: Set(OrganizationId::generate().0),
        name: Set(valid.name.clone()),
        kind: Set(valid.kind.code().to_string()),
        region_code: Set(valid.region_code.as_str().to_string()),
        industry_codes: Set(to_json(&valid.industry_codes)),
        verified_at: Set(None),
        created_at: Set(Utc::now()),
    };
    let inserted = row.insert(conn).await.map_err(|error| match error.sql_err() {
        // A concurrent registration with the same name lost the race to the unique index.
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::OrganizationNameTaken,
        _ => Error::Storage(error),
    })?;
    Ok(organization_from_row(inserted)?)
}

/// Finds an organization by id.
pub async fn find_organization<C: ConnectionTrait>(conn: &C, id: OrganizationId) -> Result<Organization> {
    let row = organization::Entity::find_by_id(id.0).one(conn).await?.ok_or(Error::OrganizationNotFound)?;
    Ok(organization_from_row(row)?)
}

/// Several organizations by id, in no particular order; missing ids are skipped.
pub async fn organizations_by_ids<C: ConnectionTrait>(conn: &C, ids: &[OrganizationId]) -> Result<Vec<Organization>> {
    let mut organizations = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows = organization::Entity::find()
            .filter(organization::Column::Id.is_in(chunk.iter().map(|id| id.0)))
            .all(conn)
            .await?;
        for row in rows {
            organizations.push(organization_from_row(row)?);
        }
    }
    Ok(organizations)
}

/// Finds an organization by id or by exact name (the CLI accepts either).
pub async fn find_organization_by_id_or_name(db: &DatabaseConnection, key: &str) -> Result<Organization> {
    if let Ok(id) = key.parse::<OrganizationId>() {
        return find_organization(db, id).await;
    }
    let row = organization::Entity::find()
        .filter(organization::Column::Name.eq(key.trim()))
        .one(db)
        .await?
        .ok_or(Error::OrganizationNotFound)?;
    Ok(organization_from_row(row)?)
}

/// Filters for the operator's organization list.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub kind: Option<OrganizationKind>,
    pub verified: Option<bool>,
}

/// Lists organizations, newest first.
pub async fn list_organizations(
    db: &DatabaseConnection,
    filter: &OrganizationFilter,
    page: PageRequest,
) -> Result<Page<Organization>> {
    let mut query = organization::Entity::find();
    if let Some(kind) = filter.kind {
        query = query.filter(organization::Column::Kind.eq(kind.code()));
    }
    match filter.verified {
        Some(true) => query = query.filter(organization::Column::VerifiedAt.is_not_null()),
        Some(false) => query = query.filter(organization::Column::VerifiedAt.is_null()),
        None => {}
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(organization::Column::CreatedAt)
        .order_by_asc(organization::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let items = rows.into_iter().map(organization_from_row).collect::<Result<Vec<_>, _>>()?;
    Ok(Page { total, page: page.page, per_page: page.per_page, items })
}

/// Marks an organization verified by the operator; verifying twice is a conflict. The
/// conditional update makes two concurrent verifications yield one success and one conflict.
pub async fn verify_organization(db: &DatabaseConnection, actor: &Actor, id: OrganizationId) -> Result<Organization> {
    let txn = db.begin().await?;
    let updated = organization::Entity::update_many()
        .col_expr(organization::Column::VerifiedAt, Expr::value(Utc::now()))
        .filter(organization::Column::Id.eq(id.0))
        .filter(organization::Column::VerifiedAt.is_null())
        .exec(&txn)
        .await?;
    let organization = find_organization(&txn, id).await?;
    if updated.rows_affected == 0 {
        return Err(Error::OrganizationAlreadyVerified);
    }
    audit::append(&txn, Some(actor), AuditEntry::new("organization.verify", "organization", id)).await?;
    txn.commit().await?;
    Ok(organization)
}
