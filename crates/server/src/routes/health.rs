//! Operations endpoints: health, metrics and the OpenAPI document.

use actix_web::{HttpResponse, get, web};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use serde::Serialize;
use utoipa::ToSchema;

use search::service::{IndexStatus, SearchService};

use crate::error::{ApiError, ErrorCode, Problem};
use crate::metrics::Metrics;

/// The OpenAPI document, rendered once at start-up.
#[derive(Debug, Clone)]
pub struct OpenApiJson(pub String);

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`
    pub status: &'static str,
    /// `sqlite` or `postgres`: the backend this process runs on.
    pub database: &'static str,
    pub version: &'static str,
    pub search: IndexStatus,
}

/// Liveness, database reachability and where the search index stands.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, body = Health), (status = 500, body = Problem, content_type = "application/problem+json"))
)]
#[get("/healthz")]
pub async fn healthz(
    db: web::Data<DatabaseConnection>,
    search: web::Data<SearchService>,
) -> Result<HttpResponse, ApiError> {
    db.execute_unprepared("SELECT 1").await.map_err(|error| ApiError::internal(&error))?;
    let database = match db.get_database_backend() {
        DbBackend::Postgres => "postgres",
        DbBackend::Sqlite => "sqlite",
        _ => "other",
    };
    let search = search.status()?;
    Ok(HttpResponse::Ok().json(Health { status: "ok", database, version: env!("CARGO_PKG_VERSION"), search }))
}

/// Prometheus text exposition.
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "text/plain; version=0.0.4", body = String)))]
#[get("/metrics")]
pub async fn metrics(metrics: web::Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(metrics.render())
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "application/json", body = Object)))]
#[get("/openapi.json")]
pub async fn openapi_json(document: web::Data<OpenApiJson>) -> Result<HttpResponse, ApiError> {
    if document.0.is_empty() {
        return Err(ApiError::new(ErrorCode::InternalError, "OpenAPI 文档尚未生成"));
    }
    Ok(HttpResponse::Ok().content_type("application/json").body(document.0.clone()))
}
