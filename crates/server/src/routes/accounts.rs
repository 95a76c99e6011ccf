//! Registration, login and the current user.

use accounts::{Registration, User};
use actix_web::{HttpResponse, get, post, web};
use catalog::model::organization::Organization;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Caller, TokenService};
use crate::error::{ApiError, Problem};

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    pub token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    pub expires_at: DateTime<Utc>,
    pub user: User,
    pub organization: Organization,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user: User,
    pub organization: Organization,
}

fn session(tokens: &TokenService, user: User, organization: Organization) -> Result<Session, ApiError> {
    let (token, expires_at) = tokens.issue(&user)?;
    Ok(Session { token, token_type: "Bearer", expires_at, user, organization })
}

/// Register an organization (university or enterprise) with its first user.
#[utoipa::path(
    tag = "accounts",
    request_body = Registration,
    responses(
        (status = 201, body = Session),
        (status = 409, description = "organization name or e-mail taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "invalid fields, weak password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    db: web::Data<DatabaseConnection>,
    tokens: web::Data<TokenService>,
    body: web::Json<Registration>,
) -> Result<HttpResponse, ApiError> {
    let (organization, user) = accounts::register(&db, &body).await?;
    Ok(HttpResponse::Created().json(session(&tokens, user, organization)?))
}

/// Log in with e-mail and password; returns a bearer token.
#[utoipa::path(
    tag = "accounts",
    request_body = Login,
    responses(
        (status = 200, body = Session),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    db: web::Data<DatabaseConnection>,
    tokens: web::Data<TokenService>,
    body: web::Json<Login>,
) -> Result<HttpResponse, ApiError> {
    let (user, organization) = accounts::authenticate(&db, &body.email, &body.password).await?;
    Ok(HttpResponse::Ok().json(session(&tokens, user, organization)?))
}

/// The current user and organization.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json"))
)]
#[get("/me")]
pub async fn me(db: web::Data<DatabaseConnection>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let (user, organization) = accounts::user(&db, caller.0.user_id).await?;
    Ok(HttpResponse::Ok().json(Me { user, organization }))
}
