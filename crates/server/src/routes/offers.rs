//! Open-license offers: preview, publish a version, read, withdraw; pricing guidance.

use crate::activity::ActivityRecorder;
use actix_web::{HttpResponse, get, post, web};
use catalog::model::ids::PatentId;
use catalog::model::organization::OrganizationKind;
use licensing::model::ids::OfferId;
use licensing::model::input::NewOffer;
use licensing::model::offer::Offer;
use licensing::service::offers::{self as offer_service, OfferPreview, PreviewRequest};
use licensing::service::pricing::{self, GuidanceInputs, PricingGuidance};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use stats::model::funnel::ActivityKind;
use stats::service::activity::ActivityEvent;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Caller;
use crate::clock::Clock;
use crate::error::{ApiError, Problem};
use crate::matching_context::MatchingContext;

/// Lint an offer, render its payment text and project its cost, without publishing.
#[utoipa::path(
    tag = "licensing",
    security(("bearer" = [])),
    request_body = PreviewRequest,
    responses(
        (status = 200, body = OfferPreview),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/offers/preview")]
pub async fn preview(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(offer_service::preview(&db, &caller.0, &body, clock.today()).await?))
}

/// Publish a new version of the open-license offer on the caller's patent.
#[utoipa::path(
    tag = "licensing",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "patent id")),
    request_body = NewOffer,
    responses(
        (status = 201, body = Offer),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "every failing rule in errors", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/patents/{id}/offers")]
pub async fn publish(
    db: web::Data<DatabaseConnection>,
    matching: web::Data<MatchingContext>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: web::Json<NewOffer>,
) -> Result<HttpResponse, ApiError> {
    let offer = offer_service::publish(&db, &caller.0, PatentId(*id), &body, clock.today()).await?;
    // The offer stands whatever happens next; a failed push is logged, not returned.
    let index = matching.patent_index();
    if let Err(error) = matching::service::push::offer_published(matching.matcher(&index), PatentId(*id)).await {
        tracing::warn!(%error, patent = %id, "pushing a published offer to fitting demands failed");
    }
    Ok(HttpResponse::Created().json(offer))
}

/// Every version of the offers on a patent, newest first (public declarations).
#[utoipa::path(
    tag = "licensing",
    params(("id" = Uuid, Path, description = "patent id")),
    responses((status = 200, body = Vec<Offer>), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/patents/{id}/offers")]
pub async fn patent_offers(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Option<Caller>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.map(|caller| caller.0);
    Ok(HttpResponse::Ok().json(offer_service::patent_offers(&db, actor.as_ref(), PatentId(*id), clock.today()).await?))
}

/// One offer version (public; the pricing basis only for the patentee and operators).
#[utoipa::path(
    tag = "licensing",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Offer), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/offers/{id}")]
pub async fn show(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    activity: web::Data<ActivityRecorder>,
    caller: Option<Caller>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.map(|caller| caller.0);
    let offer = offer_service::offer(&db, actor.as_ref(), OfferId(*id), clock.today()).await?;
    // Prospective licensees (enterprises and anonymous visitors) count; the patentee and operators do not.
    if actor.is_none_or(|actor| actor.kind == OrganizationKind::Enterprise) {
        activity.record(ActivityEvent {
            kind: ActivityKind::OfferView,
            patent_id: offer.patent_id,
            offer_id: Some(offer.id.0),
            organization_id: offer.organization_id,
            actor_organization_id: actor.map(|actor| actor.organization_id),
            occurred_at: clock.now(),
        });
    }
    Ok(HttpResponse::Ok().json(offer))
}

/// Withdraw an offer: no new licenses from now; granted licenses keep their terms.
#[utoipa::path(
    tag = "licensing",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Offer),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/offers/{id}/withdraw")]
pub async fn withdraw(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(offer_service::withdraw(&db, &caller.0, OfferId(*id), clock.today()).await?))
}

/// Income-approach inputs; all optional (the calculator runs when sales and margin are given).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct GuidanceQuery {
    /// Expected annual net sales, fen.
    pub annual_net_sales_fen: Option<i64>,
    /// Profit margin, basis points.
    pub profit_margin_bp: Option<i64>,
    /// The technology's share of profit, basis points (default 2500).
    pub technology_share_bp: Option<i64>,
    /// Years of royalties to discount (default 5).
    pub years: Option<i64>,
    /// Discount rate, basis points (default 1000).
    pub discount_rate_bp: Option<i64>,
}

/// Fee-pricing guidance for the owning university or an operator.
#[utoipa::path(
    tag = "licensing",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "patent id"), GuidanceQuery),
    responses(
        (status = 200, body = PricingGuidance),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/patents/{id}/pricing-guidance")]
pub async fn pricing_guidance(
    db: web::Data<DatabaseConnection>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: web::Query<GuidanceQuery>,
) -> Result<HttpResponse, ApiError> {
    let inputs = GuidanceInputs {
        annual_net_sales_fen: query.annual_net_sales_fen,
        profit_margin_bp: query.profit_margin_bp,
        technology_share_bp: query.technology_share_bp,
        years: query.years,
        discount_rate_bp: query.discount_rate_bp,
    };
    Ok(HttpResponse::Ok().json(pricing::guidance(&db, &caller.0, PatentId(*id), &inputs).await?))
}
