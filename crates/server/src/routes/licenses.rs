//! Licenses: one-step acceptance, reading, state changes, reports, obligations, payments,
//! recordation and reminders.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use catalog::model::ids::PatentId;
use catalog::model::page::Page;
use licensing::model::ids::{LicenseId, OfferId};
use licensing::model::license::{License, LicenseState, Obligation, Payment, Reminder, Transition, UsageReport};
use licensing::model::notice::RecordationProof;
use licensing::service::licenses::{self as license_service, LicenseFilter};
use licensing::service::money::{self, NewPayment, NewUsageReport};
use licensing::service::recordation::{self, NewRecordation};
use licensing::service::reminders;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Caller;
use crate::clock::Clock;
use crate::config::{LicensingSettings, PaginationSettings};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::pagination::page_request;

/// Accept an offer (enterprises): the license exists at once. A retry with the same
/// `Idempotency-Key` header returns the same license with status 200.
#[utoipa::path(
    tag = "licensing",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "offer id"), ("Idempotency-Key" = Option<String>, Header)),
    responses(
        (status = 201, body = License),
        (status = 200, description = "a retry with the same Idempotency-Key", body = License),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "withdrawn, superseded or suspended offer, or a live license exists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/offers/{id}/licenses")]
pub async fn accept(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let key = match request.headers().get("idempotency-key") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| ApiError::new(ErrorCode::BadRequest, "Idempotency-Key 应为可见 ASCII 字符"))?
                .to_string(),
        ),
    };
    let (license, created) =
        license_service::accept(&db, &caller.0, OfferId(*id), key.as_deref(), clock.today(), settings.policy()).await?;
    if created {
        return Ok(HttpResponse::Created().json(license));
    }
    Ok(HttpResponse::Ok().insert_header(("Idempotency-Replayed", "true")).json(license))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LicenseQuery {
    pub state: Option<LicenseState>,
    pub patent_id: Option<Uuid>,
    /// Only licenses past their recordation deadline without a recordation.
    pub recordation_overdue: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Licenses of the caller's organization, as patentee or licensee (operators: all).
#[utoipa::path(
    tag = "licensing",
    security(("bearer" = [])),
    params(LicenseQuery),
    responses((status = 200, body = Page<License>))
)]
#[get("/licenses")]
pub async fn list(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<LicenseQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let filter = LicenseFilter {
        state: query.state,
        patent_id: query.patent_id.map(PatentId),
        recordation_overdue: query.recordation_overdue.unwrap_or(false),
    };
    let licenses =
        license_service::list_licenses(&db, &caller.0, &filter, page, clock.today(), settings.policy()).await?;
    Ok(HttpResponse::Ok().json(licenses))
}

/// One license with its terms snapshot, notice and amounts.
#[utoipa::path(
    tag = "licensing",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = License), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/licenses/{id}")]
pub async fn show(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let license = license_service::license(&db, &caller.0, LicenseId(*id), clock.today(), settings.policy()).await?;
    Ok(HttpResponse::Ok().json(license))
}

async fn change(
    db: &DatabaseConnection,
    clock: &Clock,
    settings: &LicensingSettings,
    caller: Caller,
    id: Uuid,
    transition: Transition,
) -> Result<HttpResponse, ApiError> {
    let license =
        license_service::transition(db, &caller.0, LicenseId(id), transition, clock.today(), settings.policy()).await?;
    Ok(HttpResponse::Ok().json(license))
}

/// Confirm a trial (licensee): trial → active.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = License), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/licenses/{id}/confirm")]
pub async fn confirm(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    change(&db, &clock, &settings, caller, *id, Transition::Confirm).await
}

/// Exit during the trial (licensee): nothing is owed for the trial.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = License), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/licenses/{id}/exit")]
pub async fn exit(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    change(&db, &clock, &settings, caller, *id, Transition::Exit).await
}

/// Terminate an active license: the licensee at any time, the patentee once a payment is overdue.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = License), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/licenses/{id}/terminate")]
pub async fn terminate(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    change(&db, &clock, &settings, caller, *id, Transition::Terminate).await
}

/// Report a finished royalty period's net sales or profit (licensee).
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = NewUsageReport,
    responses((status = 201, body = UsageReport), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
#[post("/licenses/{id}/reports")]
pub async fn report(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<NewUsageReport>,
) -> Result<HttpResponse, ApiError> {
    let report = money::report_usage(&db, &caller.0, LicenseId(*id), &body, clock.today(), settings.policy()).await?;
    Ok(HttpResponse::Created().json(report))
}

/// The usage reports of a license.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<UsageReport>)))]
#[get("/licenses/{id}/reports")]
pub async fn reports(
    db: web::Data<DatabaseConnection>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(money::usage_reports(&db, &caller.0, LicenseId(*id)).await?))
}

/// Every obligation of a license as of today.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Obligation>)))]
#[get("/licenses/{id}/obligations")]
pub async fn obligations(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let obligations = money::obligations(&db, &caller.0, LicenseId(*id), clock.today(), settings.policy()).await?;
    Ok(HttpResponse::Ok().json(obligations))
}

/// A recorded payment and the obligation it settled.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedPayment {
    pub payment: Payment,
    pub obligation: Obligation,
}

/// Record a payment against one obligation (a party); over-payment is refused.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = NewPayment,
    responses((status = 201, body = RecordedPayment), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
#[post("/licenses/{id}/payments")]
pub async fn pay(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<NewPayment>,
) -> Result<HttpResponse, ApiError> {
    let (payment, obligation) =
        money::record_payment(&db, &caller.0, LicenseId(*id), &body, clock.today(), settings.policy()).await?;
    Ok(HttpResponse::Created().json(RecordedPayment { payment, obligation }))
}

/// The payments of a license.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Payment>)))]
#[get("/licenses/{id}/payments")]
pub async fn payments(
    db: web::Data<DatabaseConnection>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(money::payments(&db, &caller.0, LicenseId(*id)).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ProofQuery {
    /// `json` (default) or `html` (a printable page).
    pub format: Option<String>,
}

/// The recordation proof pack: notice, terms snapshot, obligations and payments.
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path), ProofQuery),
    responses((status = 200, body = RecordationProof), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/licenses/{id}/recordation-proof")]
pub async fn recordation_proof(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<ProofQuery>,
) -> Result<HttpResponse, ApiError> {
    let html = match query.format.as_deref() {
        None | Some("json") => false,
        Some("html") => true,
        Some(other) => {
            return Err(ApiError::new(ErrorCode::MalformedQuery, format!("format“{other}”无效，应为 json 或 html")));
        }
    };
    let proof = recordation::proof(&db, &caller.0, LicenseId(*id), clock.today(), settings.policy()).await?;
    if html {
        return Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(proof.html()));
    }
    Ok(HttpResponse::Ok().json(proof))
}

/// Mark the license recorded with CNIPA (a party).
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = NewRecordation,
    responses((status = 200, body = License), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/licenses/{id}/recordation")]
pub async fn record(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<LicensingSettings>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<NewRecordation>,
) -> Result<HttpResponse, ApiError> {
    let license = recordation::record(&db, &caller.0, LicenseId(*id), &body, clock.today(), settings.policy()).await?;
    Ok(HttpResponse::Ok().json(license))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Reminders about the caller's licenses (trial ending, payments, reports, recordation).
#[utoipa::path(tag = "licensing", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<Reminder>)))]
#[get("/reminders")]
pub async fn list_reminders(
    db: web::Data<DatabaseConnection>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    Ok(HttpResponse::Ok().json(reminders::reminders(&db, &caller.0, page).await?))
}
