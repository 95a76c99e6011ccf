//! One-step acceptance of an offer and the license's life: read, list, confirm, exit, terminate.

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::OrganizationKind;
use catalog::model::page::{Page, PageRequest};
use catalog::service::audit::{self, AuditEntry};
use catalog::service::patents::{lock_patent, mark_licensed};
use chrono::{Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::json;

use super::ledger::{license_views, obligations_of, settle, state_of};
use super::offers::{ensure_published, published_on, suspension, terms_of as offer_terms};
use super::support::{is_conflict, locked, organization, to_json};
use crate::error::{Error, Result};
use crate::model::ids::{LicenseId, OfferId};
use crate::model::license::{License, LicenseState, Transition};
use crate::model::notice::{NoticeFacts, notice_text};
use crate::model::obligation::{LicenseDates, free_end, trial_end};
use crate::model::reminder::Policy;
use crate::store::{license, offer};

/// The longest `Idempotency-Key` accepted.
pub const MAX_IDEMPOTENCY_KEY: usize = 200;

fn live_key(patent_id: PatentId, licensee: OrganizationId) -> String {
    format!("{patent_id}:{licensee}")
}

/// A license as the caller may see it: the licensee, the patentee, or an operator.
pub(crate) async fn visible_license<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: LicenseId,
    lock: bool,
) -> Result<license::Model> {
    let query = license::Entity::find_by_id(id.0);
    let query = if lock { locked(conn, query) } else { query };
    let row = query.one(conn).await?.ok_or(Error::LicenseNotFound)?;
    let is_party = actor.organization_id.0 == row.licensee_organization_id
        || actor.organization_id.0 == row.licensor_organization_id;
    if !is_party && actor.kind != OrganizationKind::Operator {
        return Err(Error::LicenseNotFound);
    }
    Ok(row)
}

async fn by_idempotency_key(db: &Db, actor: &Actor, key: &str) -> Result<Option<license::Model>> {
    Ok(license::Entity::find()
        .filter(license::Column::LicenseeOrganizationId.eq(actor.organization_id.0))
        .filter(license::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?)
}

/// An enterprise accepts an offer: the license exists at once, with the accepted terms, the
/// written notice and its obligations. A retry with the same `idempotency_key` returns the same
/// license (`false` = not newly created); a second live license of the patent is a conflict.
pub async fn accept(
    db: &Db,
    actor: &Actor,
    offer_id: OfferId,
    idempotency_key: Option<&str>,
    today: NaiveDate,
    policy: Policy,
) -> Result<(License, bool)> {
    if actor.kind != OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "accept offers" });
    }
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY || !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::Validation(vec![catalog::model::field_error::FieldError::new(
                "Idempotency-Key",
                "invalid",
                format!("Idempotency-Key 应为 1 到 {MAX_IDEMPOTENCY_KEY} 个可见 ASCII 字符"),
            )]));
        }
        if let Some(existing) = replay(db, actor, key, offer_id).await? {
            return Ok((license(db, actor, existing, today, policy).await?, false));
        }
    }
    match create_license(db, actor, offer_id, idempotency_key, today, policy).await {
        Err(Error::ConcurrentWrite) => {
            // Another request of the same enterprise won the race: the same key is a retry,
            // anything else is a second live license.
            if let Some(key) = idempotency_key
                && let Some(existing) = replay(db, actor, key, offer_id).await?
            {
                return Ok((license(db, actor, existing, today, policy).await?, false));
            }
            let row = offer::Entity::find_by_id(offer_id.0).one(db).await?.ok_or(Error::OfferNotFound)?;
            let live = live_license(db, PatentId(row.patent_id), actor.organization_id).await?;
            match live {
                Some(live) => Err(Error::LicenseExists { license_id: LicenseId(live.id) }),
                None => Err(Error::ConcurrentWrite),
            }
        }
        other => other.map(|license| (license, true)),
    }
}

/// The license an earlier request with the same key created, if any.
async fn replay(db: &Db, actor: &Actor, key: &str, offer_id: OfferId) -> Result<Option<LicenseId>> {
    let Some(existing) = by_idempotency_key(db, actor, key).await? else {
        return Ok(None);
    };
    if existing.offer_id != offer_id.0 {
        return Err(Error::IdempotencyKeyReused);
    }
    Ok(Some(LicenseId(existing.id)))
}

async fn live_license<C: ConnectionTrait>(
    conn: &C,
    patent_id: PatentId,
    licensee: OrganizationId,
) -> Result<Option<license::Model>> {
    Ok(license::Entity::find().filter(license::Column::LiveKey.eq(live_key(patent_id, licensee))).one(conn).await?)
}

async fn create_license(
    db: &Db,
    actor: &Actor,
    offer_id: OfferId,
    idempotency_key: Option<&str>,
    today: NaiveDate,
    policy: Policy,
) -> Result<License> {
    let txn = db.begin().await?;
    let offer_row = locked(&txn, offer::Entity::find_by_id(offer_id.0)).one(&txn).await?.ok_or(Error::OfferNotFound)?;
    ensure_published(&txn, &offer_row).await?;
    let patent_id = PatentId(offer_row.patent_id);
    let patent = lock_patent(&txn, patent_id).await?;
    let failures = suspension(&offer_row, &patent, today);
    if !failures.is_empty() {
        return Err(Error::OfferSuspended(failures));
    }
    if let Some(live) = live_license(&txn, patent_id, actor.organization_id).await? {
        return Err(Error::LicenseExists { license_id: LicenseId(live.id) });
    }
    let licensor = organization(&txn, OrganizationId(offer_row.organization_id)).await?;
    let licensee = organization(&txn, actor.organization_id).await?;
    let terms = offer_terms(&offer_row)?;
    let dates = LicenseDates::new(&terms, today, patent.expiry_date);
    let trial_ends_on = trial_end(&terms, today);
    let recordation_due_on = today.checked_add_months(Months::new(3)).unwrap_or(today);
    let id = LicenseId::generate();
    let notice = notice_text(&NoticeFacts {
        license_id: &id.to_string(),
        licensor_name: &licensor.name,
        licensee_name: &licensee.name,
        patent_type_label: patent.patent_type.label(),
        patent_title: &patent.title,
        publication_number: patent.publication_number.as_str(),
        offer_id: &offer_id.to_string(),
        offer_version: offer_row.version as u32,
        offer_published_on: published_on(&offer_row),
        payment_text: &offer_row.payment_text,
        other_matters: terms.other_matters.as_deref(),
        effective_on: today,
        ends_on: dates.ends_on,
        recordation_due_on,
    });
    let state = if terms.trial.is_some() { LicenseState::Trial } else { LicenseState::Active };
    let now = Utc::now();
    let row = license::ActiveModel {
        id: Set(id.0),
        offer_id: Set(offer_id.0),
        offer_version: Set(offer_row.version),
        patent_id: Set(patent_id.0),
        publication_number: Set(patent.publication_number.to_string()),
        patent_title: Set(patent.title.clone()),
        licensor_organization_id: Set(licensor.id.0),
        licensor_name: Set(licensor.name.clone()),
        licensee_organization_id: Set(licensee.id.0),
        licensee_name: Set(licensee.name.clone()),
        state: Set(state.code().to_string()),
        live_key: Set(Some(live_key(patent_id, actor.organization_id))),
        idempotency_key: Set(idempotency_key.map(str::to_string)),
        terms: Set(to_json(&terms)),
        payment_text: Set(offer_row.payment_text.clone()),
        fee_model: Set(offer_row.fee_model.clone()),
        notice: Set(notice),
        accepted_at: Set(now),
        accepted_by: Set(actor.user_id),
        effective_on: Set(today),
        trial_ends_on: Set(trial_ends_on),
        free_until: Set((terms.free_months > 0).then(|| free_end(&terms, today))),
        ends_on: Set(dates.ends_on),
        ended_on: Set(None),
        recordation_due_on: Set(recordation_due_on),
        recorded_on: Set(None),
        record_number: Set(None),
        next_review_on: Set(None),
        activated_on: Set((state == LicenseState::Active).then_some(today)),
        first_paid_on: Set(None),
        ipc_class: Set(offer_row.ipc_class.clone()),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|error| if is_conflict(&error) { Error::ConcurrentWrite } else { Error::Storage(error) })?;
    let row = settle(&txn, row, today, policy).await?;
    mark_licensed(&txn, patent_id, today).await?;
    let detail = json!({ "offer_id": offer_id, "offer_version": offer_row.version, "patent_id": patent_id });
    audit::append(&txn, Some(actor), AuditEntry::new("license.accept", "license", id).with_detail(detail)).await?;
    txn.commit()
        .await
        .map_err(|error| if is_conflict(&error) { Error::ConcurrentWrite } else { Error::Storage(error) })?;
    let views = license_views(db, vec![row], today, policy).await?;
    views.into_iter().next().ok_or(Error::LicenseNotFound)
}

/// One license, brought up to date with today.
pub async fn license(db: &Db, actor: &Actor, id: LicenseId, today: NaiveDate, policy: Policy) -> Result<License> {
    let txn = db.begin().await?;
    let row = visible_license(&txn, actor, id, true).await?;
    let row = settle(&txn, row, today, policy).await?;
    txn.commit().await?;
    let views = license_views(db, vec![row], today, policy).await?;
    views.into_iter().next().ok_or(Error::LicenseNotFound)
}

/// Filters of the license list.
#[derive(Debug, Clone, Default)]
pub struct LicenseFilter {
    pub state: Option<LicenseState>,
    pub patent_id: Option<PatentId>,
    /// Only licenses whose recordation deadline passed without a recordation.
    pub recordation_overdue: bool,
}

/// Licenses of the caller's organization (as patentee or licensee); operators see all.
pub async fn list_licenses(
    db: &Db,
    actor: &Actor,
    filter: &LicenseFilter,
    page: PageRequest,
    today: NaiveDate,
    policy: Policy,
) -> Result<Page<License>> {
    let mut query = license::Entity::find();
    if actor.kind != OrganizationKind::Operator {
        query = query.filter(
            Condition::any()
                .add(license::Column::LicensorOrganizationId.eq(actor.organization_id.0))
                .add(license::Column::LicenseeOrganizationId.eq(actor.organization_id.0)),
        );
    }
    if let Some(state) = filter.state {
        query = query.filter(license::Column::State.eq(state.code()));
    }
    if let Some(patent_id) = filter.patent_id {
        query = query.filter(license::Column::PatentId.eq(patent_id.0));
    }
    if filter.recordation_overdue {
        query = query
            .filter(license::Column::RecordedOn.is_null())
            .filter(license::Column::State.ne(LicenseState::Exited.code()))
            .filter(license::Column::RecordationDueOn.lt(today));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(license::Column::AcceptedAt)
        .order_by_asc(license::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let items = license_views(db, rows, today, policy).await?;
    Ok(Page { total, page: page.page, per_page: page.per_page, items })
}

/// confirm (trial → active) and exit (trial → exited) by the licensee; terminate (active →
/// terminated) by the licensee at any time, by the patentee only once a payment is overdue.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: LicenseId,
    transition: Transition,
    today: NaiveDate,
    policy: Policy,
) -> Result<License> {
    let txn = db.begin().await?;
    let row = visible_license(&txn, actor, id, true).await?;
    let row = settle(&txn, row, today, policy).await?;
    let is_licensee = actor.organization_id.0 == row.licensee_organization_id;
    let is_licensor = actor.organization_id.0 == row.licensor_organization_id;
    match transition {
        Transition::Confirm | Transition::Exit if !is_licensee => {
            return Err(Error::RoleNotAllowed { action: "confirm or exit a trial (licensee only)" });
        }
        Transition::Terminate if !is_licensee && !is_licensor => {
            return Err(Error::RoleNotAllowed { action: "terminate licenses (parties only)" });
        }
        _ => {}
    }
    let state = state_of(&row)?;
    let Some(target) = transition.target(state) else {
        return Err(Error::TransitionNotAllowed { state: state.code(), action: transition.code() });
    };
    if transition == Transition::Terminate && !is_licensee {
        let overdue = obligations_of(&txn, &[id])
            .await?
            .iter()
            .any(|item| item.amount_fen > item.paid_fen && policy.is_overdue(item.due_on, today));
        if !overdue {
            return Err(Error::TerminationNotAllowed);
        }
    }
    let mut changed: license::ActiveModel = row.into();
    changed.state = Set(target.code().to_string());
    if target == LicenseState::Active {
        changed.activated_on = Set(Some(today));
    }
    if !target.is_live() {
        changed.live_key = Set(None);
        changed.ended_on = Set(Some(today));
    }
    let row = changed.update(&txn).await?;
    let row = settle(&txn, row, today, policy).await?;
    let action = match transition {
        Transition::Confirm => "license.confirm",
        Transition::Exit => "license.exit",
        Transition::Terminate => "license.terminate",
    };
    audit::append(&txn, Some(actor), AuditEntry::new(action, "license", id)).await?;
    txn.commit().await?;
    let views = license_views(db, vec![row], today, policy).await?;
    views.into_iter().next().ok_or(Error::LicenseNotFound)
}
