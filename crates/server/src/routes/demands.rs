//! Technical demands and matching: post, read, list, edit; ranked matches with reasons;
//! feedback; the demands a patent fits.

use actix_web::{HttpResponse, get, patch, post, web};
use catalog::model::ids::PatentId;
use catalog::model::page::Page;
use matching::model::demand::{Demand, DemandInput, DemandStatus};
use matching::model::feedback::{Feedback, FeedbackInput};
use matching::model::ids::DemandId;
use matching::service::engine::{self, MatchPage};
use matching::service::reverse::{self, DemandMatch};
use matching::service::{demands, feedback};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Caller;
use crate::config::PaginationSettings;
use crate::error::{ApiError, ErrorCode, Problem};
use crate::matching_context::MatchingContext;
use crate::pagination::page_request;

/// Post a technical demand (enterprises). Universities whose patents fit it are notified.
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    request_body = DemandInput,
    responses(
        (status = 201, body = Demand),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/demands")]
pub async fn create(
    context: web::Data<MatchingContext>,
    caller: Caller,
    body: web::Json<DemandInput>,
) -> Result<HttpResponse, ApiError> {
    let index = context.patent_index();
    let demand = demands::post(context.matcher(&index), &caller.0, &body).await?;
    Ok(HttpResponse::Created().json(demand))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DemandListQuery {
    /// `open` or `closed`.
    pub status: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The caller's enterprise's demands (all demands for operators), newest first.
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(DemandListQuery),
    responses((status = 200, body = Page<Demand>), (status = 403, body = Problem, content_type = "application/problem+json"))
)]
#[get("/demands")]
pub async fn list(
    context: web::Data<MatchingContext>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<DemandListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let status = match query.status.as_deref() {
        None => None,
        Some(raw) => Some(
            DemandStatus::parse(raw)
                .ok_or_else(|| ApiError::new(ErrorCode::MalformedQuery, "status 应为 open 或 closed"))?,
        ),
    };
    Ok(HttpResponse::Ok().json(demands::list(&context.db, &caller.0, status, page).await?))
}

/// One demand (its enterprise and operators).
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Demand), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/demands/{id}")]
pub async fn show(
    context: web::Data<MatchingContext>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(demands::show(&context.db, &caller.0, DemandId(*id)).await?))
}

/// Change a demand's fields, close or reopen it (its enterprise only).
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = DemandInput,
    responses(
        (status = 200, body = Demand),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/demands/{id}")]
pub async fn update(
    context: web::Data<MatchingContext>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<DemandInput>,
) -> Result<HttpResponse, ApiError> {
    let index = context.patent_index();
    Ok(HttpResponse::Ok().json(demands::update(context.matcher(&index), &caller.0, DemandId(*id), &body).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MatchQuery {
    /// Also match patents without an offer in force (default false).
    pub include_without_offer: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Patents ranked for the demand, each with its reasons (feature contributions summing to the score).
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), MatchQuery),
    responses((status = 200, body = MatchPage), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/demands/{id}/matches")]
pub async fn matches(
    context: web::Data<MatchingContext>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let index = context.patent_index();
    let include = query.include_without_offer.unwrap_or(false);
    Ok(HttpResponse::Ok()
        .json(engine::matches(context.matcher(&index), &caller.0, DemandId(*id), include, page).await?))
}

/// Feedback on a matched patent (the demand's enterprise): 201 the first time, 200 when replaced.
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "demand id"), ("patent_id" = Uuid, Path)),
    request_body = FeedbackInput,
    responses(
        (status = 201, body = Feedback),
        (status = 200, description = "earlier feedback replaced", body = Feedback),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/demands/{id}/matches/{patent_id}/feedback")]
pub async fn give_feedback(
    context: web::Data<MatchingContext>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<FeedbackInput>,
) -> Result<HttpResponse, ApiError> {
    let (demand_id, patent_id) = path.into_inner();
    let index = context.patent_index();
    let (given, created) =
        feedback::give(context.matcher(&index), &caller.0, DemandId(demand_id), PatentId(patent_id), &body).await?;
    Ok(if created { HttpResponse::Created().json(given) } else { HttpResponse::Ok().json(given) })
}

/// The feedback given on a demand's matches.
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Feedback>), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/demands/{id}/feedback")]
pub async fn demand_feedback(
    context: web::Data<MatchingContext>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(feedback::list_for_demand(&context.db, &caller.0, DemandId(*id)).await?))
}

/// The feedback enterprises gave on a patent (its university and operators).
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "patent id")),
    responses((status = 200, body = Vec<Feedback>), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/patents/{id}/feedback")]
pub async fn patent_feedback(
    context: web::Data<MatchingContext>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(feedback::patent_feedback(&context.db, &caller.0, PatentId(*id)).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Open demands the patent fits, with reasons (its university and operators).
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "patent id"), PageQuery),
    responses((status = 200, body = Page<DemandMatch>), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/patents/{id}/demands")]
pub async fn patent_demands(
    context: web::Data<MatchingContext>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let index = context.patent_index();
    let fitting = reverse::patent_demands(context.matcher(&index), &caller.0, PatentId(*id), page).await?;
    Ok(HttpResponse::Ok().json(fitting))
}
