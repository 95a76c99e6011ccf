//! Operator statistics: KPIs, funnel, dormancy, follow-ups, feedback summary, audit trail and
//! CSV exports. Universities see their own figures; the audit trail and the feedback summary
//! are for operators only; enterprises see none.

use actix_web::{HttpResponse, get, http::header, web};
use catalog::model::field_error::{FieldError, FieldErrors};
use catalog::model::ids::OrganizationId;
use catalog::model::page::Page;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use stats::model::audit::{AuditFilter, AuditRecord};
use stats::model::dormancy::{DormancyReport, DormancyStage};
use stats::model::follow_ups::{FeedbackSummary, FollowUp, FollowUpList};
use stats::model::funnel::FunnelReport;
use stats::model::kpis::KpiReport;
use stats::model::period::{Period, ReportRequest, parse_day};
use stats::service::dormancy::DormancyFilter;
use stats::service::export::{ExportRequest, ExportSettings, Report};
use stats::service::follow_ups::FollowUpSettings;
use stats::service::{audit, dormancy, export, feedback, follow_ups, funnel, kpis};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Caller;
use crate::clock::Clock;
use crate::config::{LicensingSettings, PaginationSettings, StatsSettings};
use crate::error::{ApiError, Problem};
use crate::pagination::page_request;

/// A period and an optional grouping.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    /// First day, `YYYY-MM-DD` (default: 1 January of this year).
    pub from: Option<String>,
    /// Last day, included (default: today).
    pub to: Option<String>,
    /// university, region, ipc_section, ipc_class, industry, month, quarter or year.
    pub group_by: Option<String>,
}

impl PeriodQuery {
    fn request(&self) -> ReportRequest {
        ReportRequest { from: self.from.clone(), to: self.to.clone(), group_by: self.group_by.clone() }
    }
}

/// Policy KPIs over a period, in total and per group, each held to the configured targets.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(PeriodQuery),
    responses(
        (status = 200, body = KpiReport),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/kpis")]
pub async fn show_kpis(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    settings: web::Data<StatsSettings>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let report = kpis::kpis(&db, &caller.0, &query.request(), settings.targets(), clock.today()).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The acceptance funnel over a period: views, accepts, confirmed trials, active licenses, first payments.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(PeriodQuery),
    responses(
        (status = 200, body = FunnelReport),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/funnel")]
pub async fn show_funnel(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(funnel::funnel(&db, &caller.0, &query.request(), clock.today()).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DormantQuery {
    /// to_list (3–5 years) or licensable_to_others (over 5 years).
    pub stage: Option<String>,
    /// Operators: one university only.
    pub university_id: Option<Uuid>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl DormantQuery {
    fn filter(&self) -> Result<DormancyFilter, ApiError> {
        let stage = match self.stage.as_deref() {
            None => None,
            Some(raw) => Some(DormancyStage::parse(raw).ok_or_else(|| {
                ApiError::validation(vec![FieldError::new(
                    "stage",
                    "unknown_stage",
                    "stage 应为 to_list 或 licensable_to_others",
                )])
            })?),
        };
        Ok(DormancyFilter { stage, organization_id: self.university_id.map(OrganizationId) })
    }
}

/// Dormant state-funded patents per university, with the clock's cut-off dates, and one page of them.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(DormantQuery),
    responses(
        (status = 200, body = DormancyReport),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/dormant")]
pub async fn show_dormant(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<DormantQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let report = dormancy::dormant(&db, &caller.0, query.filter()?, page, clock.today()).await?;
    Ok(HttpResponse::Ok().json(report))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FollowUpQuery {
    /// overdue_recordations, overdue_payments or trials_ending.
    pub list: String,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

fn follow_up_list(raw: &str) -> Result<FollowUpList, ApiError> {
    FollowUpList::parse(raw).ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "list",
            "unknown_list",
            "list 应为 overdue_recordations、overdue_payments 或 trials_ending",
        )])
    })
}

fn follow_up_settings(licensing: &LicensingSettings, stats: &StatsSettings) -> FollowUpSettings {
    FollowUpSettings { grace_days: licensing.grace_days.max(0) as u64, trial_horizon_days: stats.trials_ending_days }
}

/// A follow-up list, most urgent first: overdue recordations, overdue payments, trials ending soon.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(FollowUpQuery),
    responses(
        (status = 200, body = Page<FollowUp>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/follow-ups")]
pub async fn show_follow_ups(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    pagination: web::Data<PaginationSettings>,
    licensing: web::Data<LicensingSettings>,
    settings: web::Data<StatsSettings>,
    caller: Caller,
    query: web::Query<FollowUpQuery>,
) -> Result<HttpResponse, ApiError> {
    let list = follow_up_list(&query.list)?;
    let page = page_request(&pagination, query.page, query.per_page)?;
    let settings = follow_up_settings(&licensing, &settings);
    let items = follow_ups::follow_ups(&db, &caller.0, list, settings, page, clock.today()).await?;
    Ok(HttpResponse::Ok().json(items))
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct FeedbackReport {
    pub period: Period,
    #[serde(flatten)]
    pub summary: FeedbackSummary,
}

/// Matching feedback over a period (operators): feedback rate, share relevant, cooperation intents.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(PeriodQuery),
    responses(
        (status = 200, body = FeedbackReport),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/feedback")]
pub async fn show_feedback(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let (period, summary) = feedback::feedback_summary(&db, &caller.0, &query.request(), clock.today()).await?;
    Ok(HttpResponse::Ok().json(FeedbackReport { period, summary }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// First day (UTC), `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day (UTC), included.
    pub to: Option<String>,
    /// e.g. offer.publish, license.accept, payment.record.
    pub action: Option<String>,
    pub organization_id: Option<Uuid>,
    pub target_id: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

fn audit_filter(
    from: Option<&str>,
    to: Option<&str>,
    action: Option<&str>,
    organization_id: Option<Uuid>,
    target_id: Option<&str>,
) -> Result<AuditFilter, ApiError> {
    let mut errors = FieldErrors::default();
    let from = parse_day(&mut errors, "from", from);
    let to = parse_day(&mut errors, "to", to);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.into_vec()));
    }
    Ok(AuditFilter {
        from,
        to,
        action: action.map(str::to_string),
        organization_id,
        target_id: target_id.map(str::to_string),
    })
}

/// The audit trail (operators), newest first. Entries are append-only: no route changes them.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditRecord>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/audit")]
pub async fn show_audit(
    db: web::Data<DatabaseConnection>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let filter = audit_filter(
        query.from.as_deref(),
        query.to.as_deref(),
        query.action.as_deref(),
        query.organization_id,
        query.target_id.as_deref(),
    )?;
    Ok(HttpResponse::Ok().json(audit::audit_trail(&db, &caller.0, &filter, page).await?))
}

/// Every report's filters; each report reads the ones it knows.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// kpis, funnel, dormant, overdue_recordations, overdue_payments, trials_ending, feedback or audit.
    pub report: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub group_by: Option<String>,
    pub stage: Option<String>,
    pub university_id: Option<Uuid>,
    pub action: Option<String>,
    pub organization_id: Option<Uuid>,
    pub target_id: Option<String>,
}

/// A report as CSV (UTF-8 with BOM, Chinese headers) for Excel. A list longer than the export
/// limit is cut and flagged with the `Kaixu-Export-Truncated: true` header.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/export.csv")]
pub async fn export_csv(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    licensing: web::Data<LicensingSettings>,
    settings: web::Data<StatsSettings>,
    caller: Caller,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let report = Report::parse(query.report.as_deref())?;
    let dormancy =
        DormantQuery { stage: query.stage.clone(), university_id: query.university_id, page: None, per_page: None }
            .filter()?;
    let request = ExportRequest {
        period: ReportRequest { from: query.from.clone(), to: query.to.clone(), group_by: query.group_by.clone() },
        dormancy,
        audit: audit_filter(
            query.from.as_deref(),
            query.to.as_deref(),
            query.action.as_deref(),
            query.organization_id,
            query.target_id.as_deref(),
        )?,
    };
    let export_settings = ExportSettings {
        targets: settings.targets(),
        follow_ups: follow_up_settings(&licensing, &settings),
        max_rows: settings.export_max_rows,
    };
    let csv = export::export(&db, &caller.0, report, &request, export_settings, clock.today()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", csv.file_name)))
        .insert_header(("Kaixu-Export-Truncated", if csv.truncated { "true" } else { "false" }))
        .body(csv.text))
}
