//! Patents: create, read, list, edit, legal-status events, eligibility.

use crate::activity::ActivityRecorder;
use actix_web::{HttpResponse, get, patch, post, web};
use catalog::model::eligibility::Eligibility;
use catalog::model::event::{NewLegalEvent, PatentEvent};
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::input::{NewPatent, PatentPatch};
use catalog::model::organization::OrganizationKind;
use catalog::model::page::Page;
use catalog::model::patent::{Grade, LegalStatus, Patent, PatentType};
use catalog::model::value::{self, ValueScore};
use catalog::service::events as event_service;
use catalog::service::patents::{self as patent_service, PatentFilter};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use stats::model::funnel::ActivityKind;
use stats::service::activity::ActivityEvent;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Caller;
use crate::clock::Clock;
use crate::config::PaginationSettings;
use crate::error::{ApiError, Problem};
use crate::pagination::page_request;

/// A patent with what is derived from it: labels, remaining term and value score.
#[derive(Debug, Serialize, ToSchema)]
pub struct PatentDetail {
    #[serde(flatten)]
    pub patent: Patent,
    /// 发明 / 实用新型 / 外观设计
    pub patent_type_label: &'static str,
    /// 有效, 期限届满 ...
    pub legal_status_label: &'static str,
    /// Days of term left today; null while the application date is unknown.
    pub remaining_term_days: Option<i64>,
    pub value: ValueScore,
}

impl PatentDetail {
    /// The patent as seen on `today`.
    pub fn at(patent: Patent, today: chrono::NaiveDate) -> Self {
        Self {
            patent_type_label: patent.patent_type.label(),
            legal_status_label: patent.legal_status.label(),
            remaining_term_days: patent.remaining_days(today),
            value: value::score(&patent, today),
            patent,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedEvent {
    pub event: PatentEvent,
    pub patent: PatentDetail,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PatentQuery {
    /// Operators only: one organization's patents.
    pub organization_id: Option<Uuid>,
    pub legal_status: Option<LegalStatus>,
    pub patent_type: Option<PatentType>,
    pub grade: Option<Grade>,
    pub state_funded: Option<bool>,
    /// Main IPC code prefix, e.g. `G06F`.
    pub ipc: Option<String>,
    /// Part of the title.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Add a patent to the caller's (a university's) catalog.
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    request_body = NewPatent,
    responses(
        (status = 201, body = PatentDetail),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/patents")]
pub async fn create(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<NewPatent>,
) -> Result<HttpResponse, ApiError> {
    let patent = patent_service::create_patent(&db, &caller.0, &body, clock.today()).await?;
    Ok(HttpResponse::Created().json(PatentDetail::at(patent, clock.today())))
}

/// List patents: a university its own, an operator any organization's.
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    params(PatentQuery),
    responses((status = 200, body = Page<Patent>), (status = 403, body = Problem, content_type = "application/problem+json"))
)]
#[get("/patents")]
pub async fn list(
    db: web::Data<DatabaseConnection>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<PatentQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let query = query.into_inner();
    let filter = PatentFilter {
        organization_id: query.organization_id.map(OrganizationId),
        legal_status: query.legal_status,
        patent_type: query.patent_type,
        grade: query.grade,
        state_funded: query.state_funded,
        ipc_prefix: query.ipc.map(|ipc| ipc.trim().to_ascii_uppercase()),
        title_contains: query.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty()),
    };
    Ok(HttpResponse::Ok().json(patent_service::list_patents(&db, &caller.0, &filter, page).await?))
}

/// One patent with its value score.
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = PatentDetail), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/patents/{id}")]
pub async fn show(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    activity: web::Data<ActivityRecorder>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let patent = patent_service::patent(&db, &caller.0, PatentId(*id)).await?;
    // The funnel counts enterprises looking at a patent, not the patentee or operators.
    if caller.0.kind == OrganizationKind::Enterprise {
        activity.record(ActivityEvent {
            kind: ActivityKind::PatentView,
            patent_id: patent.id,
            offer_id: None,
            organization_id: patent.organization_id,
            actor_organization_id: Some(caller.0.organization_id),
            occurred_at: clock.now(),
        });
    }
    Ok(HttpResponse::Ok().json(PatentDetail::at(patent, clock.today())))
}

/// Edit a patent's descriptive fields (the owning university).
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = PatentPatch,
    responses(
        (status = 200, body = PatentDetail),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/patents/{id}")]
pub async fn update(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<PatentPatch>,
) -> Result<HttpResponse, ApiError> {
    let patent = patent_service::update_patent(&db, &caller.0, PatentId(*id), body.into_inner(), clock.today()).await?;
    Ok(HttpResponse::Ok().json(PatentDetail::at(patent, clock.today())))
}

/// Record a legal-status event (owning university or operator).
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = NewLegalEvent,
    responses(
        (status = 201, body = RecordedEvent),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "the event contradicts the patent's state", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/patents/{id}/events")]
pub async fn record_event(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<NewLegalEvent>,
) -> Result<HttpResponse, ApiError> {
    let (event, patent) = event_service::record_event(&db, &caller.0, PatentId(*id), &body, clock.today()).await?;
    Ok(HttpResponse::Created().json(RecordedEvent { event, patent: PatentDetail::at(patent, clock.today()) }))
}

/// A patent's legal-status history, oldest first.
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<PatentEvent>), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/patents/{id}/events")]
pub async fn events(
    db: web::Data<DatabaseConnection>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(event_service::list_events(&db, &caller.0, PatentId(*id)).await?))
}

/// Whether the patent may carry an open-license offer today, with every failing rule.
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Eligibility),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/patents/{id}/eligibility")]
pub async fn eligibility(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(patent_service::eligibility(&db, &caller.0, PatentId(*id), clock.today()).await?))
}
