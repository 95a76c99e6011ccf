//! Offers: preview (lint, text, cost projection), publish a version, withdraw, read, and the
//! offer facts the search index shows.

use std::collections::HashMap;

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::eligibility::{self, RuleFailure};
use catalog::model::field_error::FieldError;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::OrganizationKind;
use catalog::model::patent::Patent;
use catalog::service::audit::{self, AuditEntry};
use catalog::service::patents::{lock_own_patent, patent as scoped_patent, patents_by_ids, set_open_offer};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::support::{from_json, locked, organization, to_json, write_error};
use crate::error::{Error, Result};
use crate::model::ids::OfferId;
use crate::model::input::{NewOffer, PatentTerm, PricingBasis};
use crate::model::offer::{Offer, OfferStatus};
use crate::model::projection::{CostProjection, first_year_fixed_cost, project};
use crate::model::render::payment_text;
use crate::model::terms::OfferTerms;
use crate::store::offer;

/// Expected figures for the cost projection of a preview.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProjectionInput {
    /// Expected annual net sales of the licensed products, in fen.
    pub annual_net_sales_fen: Option<i64>,
    /// Expected annual profit, in fen (for royalties on profit).
    pub annual_profit_fen: Option<i64>,
}

/// `POST /offers/preview`: an offer for a patent, checked but not published.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub patent_id: Option<PatentId>,
    pub offer: NewOffer,
    #[serde(default)]
    pub projection: ProjectionInput,
}

/// The lint result, the rendered text and the cost projection.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferPreview {
    /// No problem found: publishing these terms would succeed today.
    pub publishable: bool,
    /// Every failing rule: eligibility (field `patent`), caps, words, term, missing fields.
    pub problems: Vec<FieldError>,
    pub terms: Option<OfferTerms>,
    pub payment_text: Option<String>,
    pub projection: Option<CostProjection>,
}

/// Eligibility failures as lint problems on the `patent` field.
fn eligibility_problems(failures: &[RuleFailure]) -> Vec<FieldError> {
    failures.iter().map(|failure| FieldError::new("patent", failure.code, failure.message.clone())).collect()
}

/// The terms of `input` for `patent` on `today`, or every problem found.
fn lint(
    patent: &Patent,
    input: &NewOffer,
    today: NaiveDate,
) -> (Vec<FieldError>, Option<crate::model::input::ValidOffer>) {
    let mut problems = eligibility_problems(&eligibility::check(patent, today).failures);
    let valid = match input.validate(PatentTerm { expiry_date: patent.expiry_date, today }) {
        Ok(valid) => Some(valid),
        Err(errors) => {
            problems.extend(errors);
            None
        }
    };
    (problems, valid)
}

fn require_university(actor: &Actor, action: &'static str) -> Result<()> {
    if actor.kind != OrganizationKind::University {
        return Err(Error::RoleNotAllowed { action });
    }
    Ok(())
}

/// Checks an offer without publishing it.
pub async fn preview(db: &Db, actor: &Actor, request: &PreviewRequest, today: NaiveDate) -> Result<OfferPreview> {
    require_university(actor, "preview offers")?;
    let Some(patent_id) = request.patent_id else {
        return Err(Error::Validation(vec![FieldError::new("patent_id", "required", "patent_id 为必填项")]));
    };
    let patent = scoped_patent(db, actor, patent_id).await?;
    let (problems, valid) = lint(&patent, &request.offer, today);
    let sales = request.projection.annual_net_sales_fen.unwrap_or(0);
    let profit = request.projection.annual_profit_fen.unwrap_or(0);
    if sales < 0 || profit < 0 {
        return Err(Error::Validation(vec![FieldError::new("projection", "negative", "预计年销售额和利润不能为负数")]));
    }
    let terms = valid.map(|valid| valid.terms);
    Ok(OfferPreview {
        publishable: problems.is_empty(),
        problems,
        payment_text: terms.as_ref().map(payment_text),
        projection: terms.as_ref().map(|terms| project(terms, today, patent.expiry_date, sales, profit)),
        terms,
    })
}

/// Publishes a new version of the offer on the caller's patent; the previous version, if any, is
/// superseded (its licenses keep it). Refused with every problem when the lint finds any.
pub async fn publish(db: &Db, actor: &Actor, patent_id: PatentId, input: &NewOffer, today: NaiveDate) -> Result<Offer> {
    require_university(actor, "publish offers")?;
    let txn = db.begin().await?;
    let patent = lock_own_patent(&txn, actor, patent_id).await?;
    let (problems, valid) = lint(&patent, input, today);
    let Some(valid) = valid.filter(|_| problems.is_empty()) else {
        return Err(Error::OfferRejected(problems));
    };
    let now = Utc::now();
    let previous = offer::Entity::find()
        .filter(offer::Column::PatentId.eq(patent_id.0))
        .order_by_desc(offer::Column::Version)
        .one(&txn)
        .await?;
    let version = previous.as_ref().map(|row| row.version + 1).unwrap_or(1);
    if let Some(current) = previous.filter(|row| row.status == OfferStatus::Published.code()) {
        let mut superseded: offer::ActiveModel = current.into();
        superseded.status = Set(OfferStatus::Superseded.code().to_string());
        superseded.published_key = Set(None);
        superseded.superseded_at = Set(Some(now));
        superseded.closed_on = Set(Some(today));
        superseded.update(&txn).await.map_err(write_error)?;
    }
    let terms = valid.terms;
    let royalty = terms.fee.royalty().copied();
    let main_ipc = patent.ipc_codes.first().map(|code| code.as_str().to_string());
    let row = offer::ActiveModel {
        id: Set(OfferId::generate().0),
        patent_id: Set(patent_id.0),
        organization_id: Set(actor.organization_id.0),
        version: Set(version),
        status: Set(OfferStatus::Published.code().to_string()),
        published_key: Set(Some(patent_id.0)),
        terms: Set(to_json(&terms)),
        payment_text: Set(payment_text(&terms)),
        fee_model: Set(terms.fee.code().to_string()),
        ipc_subclass: Set(main_ipc.as_ref().map(|ipc| ipc.chars().take(4).collect())),
        ipc_class: Set(main_ipc.as_ref().map(|ipc| ipc.chars().take(3).collect())),
        fixed_fen: Set(terms.fee.fixed_fen()),
        royalty_bp: Set(royalty.map(|royalty| royalty.rate_bp as i32).unwrap_or(0)),
        royalty_base: Set(royalty.map(|royalty| to_json(&royalty.base).trim_matches('"').to_string())),
        first_year_fixed_cost_fen: Set(first_year_fixed_cost(&terms, today)),
        pricing_basis: Set(valid.pricing_basis.as_ref().map(to_json)),
        published_at: Set(now),
        published_by: Set(actor.user_id),
        withdrawn_at: Set(None),
        superseded_at: Set(None),
        published_on: Set(Some(today)),
        closed_on: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(write_error)?;
    set_open_offer(&txn, patent_id, true, today).await?;
    let detail = json!({
        "version": version,
        "fee_model": row.fee_model,
        "pricing_basis": valid.pricing_basis,
    });
    audit::append(&txn, Some(actor), AuditEntry::new("offer.publish", "offer", row.id).with_detail(detail)).await?;
    txn.commit().await?;
    offer_view(db, row, Some(actor), patent, today).await
}

/// Withdraws a published offer: no new licenses from now on; granted ones keep their terms.
pub async fn withdraw(db: &Db, actor: &Actor, offer_id: OfferId, today: NaiveDate) -> Result<Offer> {
    require_university(actor, "withdraw offers")?;
    let txn = db.begin().await?;
    let row = locked(&txn, offer::Entity::find_by_id(offer_id.0)).one(&txn).await?.ok_or(Error::OfferNotFound)?;
    if row.organization_id != actor.organization_id.0 {
        return Err(Error::OfferNotFound);
    }
    ensure_published(&txn, &row).await?;
    let patent = lock_own_patent(&txn, actor, PatentId(row.patent_id)).await?;
    let mut withdrawn: offer::ActiveModel = row.into();
    withdrawn.status = Set(OfferStatus::Withdrawn.code().to_string());
    withdrawn.published_key = Set(None);
    withdrawn.withdrawn_at = Set(Some(Utc::now()));
    withdrawn.closed_on = Set(Some(today));
    let row = withdrawn.update(&txn).await.map_err(write_error)?;
    set_open_offer(&txn, patent.id, false, today).await?;
    audit::append(&txn, Some(actor), AuditEntry::new("offer.withdraw", "offer", row.id)).await?;
    txn.commit().await?;
    offer_view(db, row, Some(actor), patent, today).await
}

/// Refuses a version that no longer takes licenses (withdrawn, or replaced by a newer one).
pub(crate) async fn ensure_published<C: ConnectionTrait>(conn: &C, row: &offer::Model) -> Result<()> {
    match OfferStatus::parse(&row.status) {
        Some(OfferStatus::Published) => Ok(()),
        Some(OfferStatus::Withdrawn) => Err(Error::OfferWithdrawn),
        _ => {
            let current = offer::Entity::find()
                .filter(offer::Column::PublishedKey.eq(row.patent_id))
                .one(conn)
                .await?
                .map(|current| OfferId(current.id));
            Err(Error::OfferSuperseded { current })
        }
    }
}

/// Why a published offer takes no licenses today (empty when it does).
pub(crate) fn suspension(row: &offer::Model, patent: &Patent, today: NaiveDate) -> Vec<RuleFailure> {
    let mut failures = eligibility::check(patent, today).failures;
    if patent.organization_id.0 != row.organization_id {
        failures.push(RuleFailure {
            rule: 0,
            code: "patentee_changed",
            message: "专利权已转让，原声明不再代表现专利权人".to_string(),
        });
    }
    failures
}

pub(crate) fn terms_of(row: &offer::Model) -> Result<OfferTerms> {
    from_json("offer terms", &row.terms)
}

async fn offer_view(
    db: &Db,
    row: offer::Model,
    actor: Option<&Actor>,
    patent: Patent,
    today: NaiveDate,
) -> Result<Offer> {
    let patentee = organization(db, OrganizationId(row.organization_id)).await?;
    let status =
        OfferStatus::parse(&row.status).ok_or_else(|| Error::Storage(sea_orm::DbErr::Custom("offer status".into())))?;
    let suspension_reasons =
        if status == OfferStatus::Published { suspension(&row, &patent, today) } else { Vec::new() };
    let suspended = !suspension_reasons.is_empty();
    let may_see_basis = actor.is_some_and(|actor| {
        actor.kind == OrganizationKind::Operator || actor.organization_id.0 == row.organization_id
    });
    let pricing_basis: Option<PricingBasis> = match (&row.pricing_basis, may_see_basis) {
        (Some(text), true) => Some(from_json("pricing basis", text)?),
        _ => None,
    };
    let terms = terms_of(&row)?;
    Ok(Offer {
        id: OfferId(row.id),
        patent_id: PatentId(row.patent_id),
        publication_number: patent.publication_number.to_string(),
        patent_title: patent.title.clone(),
        organization_id: OrganizationId(row.organization_id),
        patentee_name: patentee.name,
        version: row.version as u32,
        status,
        status_label: status.label(),
        in_force: status == OfferStatus::Published && !suspended,
        suspended,
        suspension_reasons,
        fee_model_label: terms.fee.label(),
        terms,
        payment_text: row.payment_text,
        first_year_fixed_cost_fen: row.first_year_fixed_cost_fen,
        pricing_basis,
        published_at: row.published_at,
        withdrawn_at: row.withdrawn_at,
        superseded_at: row.superseded_at,
    })
}

async fn load_patent(db: &Db, id: PatentId) -> Result<Patent> {
    patents_by_ids(db, &[id]).await?.pop().ok_or(Error::Catalog(catalog::Error::PatentNotFound))
}

/// One offer version. Published declarations are public; the pricing basis is shown to the
/// patentee and operators only.
pub async fn offer(db: &Db, actor: Option<&Actor>, id: OfferId, today: NaiveDate) -> Result<Offer> {
    let row = offer::Entity::find_by_id(id.0).one(db).await?.ok_or(Error::OfferNotFound)?;
    let patent = load_patent(db, PatentId(row.patent_id)).await?;
    offer_view(db, row, actor, patent, today).await
}

/// Every version of the offers on a patent, newest first.
pub async fn patent_offers(
    db: &Db,
    actor: Option<&Actor>,
    patent_id: PatentId,
    today: NaiveDate,
) -> Result<Vec<Offer>> {
    let patent = load_patent(db, patent_id).await?;
    let rows = offer::Entity::find()
        .filter(offer::Column::PatentId.eq(patent_id.0))
        .order_by_desc(offer::Column::Version)
        .all(db)
        .await?;
    let mut offers = Vec::with_capacity(rows.len());
    for row in rows {
        offers.push(offer_view(db, row, actor, patent.clone(), today).await?);
    }
    Ok(offers)
}

/// What search shows of a patent's published offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFacts {
    pub in_force: bool,
    pub fee_model: String,
    pub free_months: u32,
    pub trial_months: u32,
    pub first_year_cost_fen: i64,
    pub royalty_bp: u32,
}

/// The published offers of `ids` as search shows them (patents without one are absent).
pub async fn search_facts(db: &Db, ids: &[PatentId], today: NaiveDate) -> Result<HashMap<PatentId, SearchFacts>> {
    let mut facts = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = offer::Entity::find()
            .filter(offer::Column::PublishedKey.is_in(chunk.iter().map(|id| id.0)))
            .all(db)
            .await?;
        if rows.is_empty() {
            continue;
        }
        let patent_ids: Vec<PatentId> = rows.iter().map(|row| PatentId(row.patent_id)).collect();
        let patents: HashMap<PatentId, Patent> =
            patents_by_ids(db, &patent_ids).await?.into_iter().map(|patent| (patent.id, patent)).collect();
        for row in rows {
            let Some(patent) = patents.get(&PatentId(row.patent_id)) else { continue };
            let terms = terms_of(&row)?;
            facts.insert(
                patent.id,
                SearchFacts {
                    in_force: suspension(&row, patent, today).is_empty(),
                    fee_model: row.fee_model.clone(),
                    free_months: terms.free_months,
                    trial_months: terms.trial_months(),
                    first_year_cost_fen: row.first_year_fixed_cost_fen,
                    royalty_bp: row.royalty_bp.max(0) as u32,
                },
            );
        }
    }
    Ok(facts)
}

/// When the version was published, for the notice.
pub(crate) fn published_on(row: &offer::Model) -> NaiveDate {
    let published: DateTime<Utc> = row.published_at;
    published.date_naive()
}
