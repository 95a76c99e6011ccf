//! Operator views of organizations.

use actix_web::{HttpResponse, get, post, web};
use catalog::model::ids::OrganizationId;
use catalog::model::organization::{Organization, OrganizationKind};
use catalog::model::page::Page;
use catalog::service::organizations::{self, OrganizationFilter};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Caller;
use crate::config::PaginationSettings;
use crate::error::{ApiError, Problem};
use crate::pagination::page_request;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OrganizationQuery {
    pub kind: Option<OrganizationKind>,
    pub verified: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// List organizations (operators only).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(OrganizationQuery),
    responses(
        (status = 200, body = Page<Organization>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations")]
pub async fn list(
    db: web::Data<DatabaseConnection>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<OrganizationQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[OrganizationKind::Operator], "查看机构列表")?;
    let page = page_request(&pagination, query.page, query.per_page)?;
    let filter = OrganizationFilter { kind: query.kind, verified: query.verified };
    Ok(HttpResponse::Ok().json(organizations::list_organizations(&db, &filter, page).await?))
}

/// Mark an organization verified (operators only).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "organization id")),
    responses(
        (status = 200, body = Organization),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "already verified", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/verify")]
pub async fn verify(
    db: web::Data<DatabaseConnection>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[OrganizationKind::Operator], "认证机构")?;
    let organization = organizations::verify_organization(&db, &caller.0, OrganizationId(*id)).await?;
    Ok(HttpResponse::Ok().json(organization))
}
