//! Bringing one license up to date: time-driven state changes, its stored obligations (derived
//! again from terms, dates and reports), its reminders and its next review day. Every write on a
//! license and the periodic job go through [`settle`], inside their transaction.

use std::collections::HashMap;

use catalog::service::audit::{self, AuditEntry};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::support::from_json;
use crate::error::{Error, Result};
use crate::model::ids::{LicenseId, ObligationId};
use crate::model::license::{License, LicenseAmounts, LicenseState, Obligation};
use crate::model::obligation::{LicenseDates, ObligationKind, PeriodReport, derive, royalty_periods};
use crate::model::reminder::{Policy, ReminderFacts, Unpaid, due_reminders, next_review};
use crate::model::terms::OfferTerms;
use crate::store::{license, obligation, reminder, usage_report};

pub(crate) fn state_of(row: &license::Model) -> Result<LicenseState> {
    LicenseState::parse(&row.state).ok_or_else(|| Error::Storage(sea_orm::DbErr::Custom("license state".into())))
}

pub(crate) fn terms_of(row: &license::Model) -> Result<OfferTerms> {
    from_json("license terms", &row.terms)
}

/// The dates the obligation rules see for a stored license.
pub(crate) fn dates_of(row: &license::Model, state: LicenseState) -> LicenseDates {
    let stopped = matches!(state, LicenseState::Exited | LicenseState::Terminated);
    LicenseDates {
        effective_on: row.effective_on,
        ends_on: row.ends_on,
        stopped_on: if stopped { row.ended_on } else { None },
        exited_in_trial: state == LicenseState::Exited,
    }
}

pub(crate) async fn reports_of<C: ConnectionTrait>(conn: &C, id: LicenseId) -> Result<Vec<usage_report::Model>> {
    Ok(usage_report::Entity::find()
        .filter(usage_report::Column::LicenseId.eq(id.0))
        .order_by_asc(usage_report::Column::PeriodIndex)
        .all(conn)
        .await?)
}

pub(crate) async fn obligations_of<C: ConnectionTrait>(conn: &C, ids: &[LicenseId]) -> Result<Vec<obligation::Model>> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        rows.extend(
            obligation::Entity::find()
                .filter(obligation::Column::LicenseId.is_in(chunk.iter().map(|id| id.0)))
                .order_by_asc(obligation::Column::DueOn)
                .order_by_asc(obligation::Column::Key)
                .all(conn)
                .await?,
        );
    }
    Ok(rows)
}

/// Applies what time did to the license (trial end → active, term end → expired), stores its
/// obligations as derived today, writes due reminders and the next review day.
pub(crate) async fn settle<C: ConnectionTrait>(
    conn: &C,
    row: license::Model,
    today: NaiveDate,
    policy: Policy,
) -> Result<license::Model> {
    let before = state_of(&row)?;
    let mut state = before;
    let mut active: license::ActiveModel = row.clone().into();
    if state == LicenseState::Trial && row.trial_ends_on.is_some_and(|end| end <= today) {
        // 先用后付: a trial that ends without an exit counts as confirmed.
        state = LicenseState::Active;
        active.activated_on = Set(row.trial_ends_on);
    }
    if state.is_live() && row.ends_on < today {
        state = LicenseState::Expired;
        active.ended_on = Set(Some(row.ends_on));
        active.live_key = Set(None);
    }
    active.state = Set(state.code().to_string());
    if state != before {
        // Changes that time made, not a party: the audit entry has no actor.
        let action = if state == LicenseState::Expired { "license.expire" } else { "license.trial_end" };
        audit::append(conn, None, AuditEntry::new(action, "license", row.id)).await?;
    }

    let terms = terms_of(&row)?;
    let id = LicenseId(row.id);
    let reports = reports_of(conn, id).await?;
    let period_reports: Vec<PeriodReport> = reports
        .iter()
        .map(|report| PeriodReport { period_index: report.period_index as u32, amount_fen: report.amount_fen })
        .collect();
    let mut dates = dates_of(&row, state);
    if state == LicenseState::Expired {
        dates.stopped_on = None;
    }
    let derived = derive(&terms, &dates, &period_reports, today);
    let stored = sync_obligations(conn, &row, &derived).await?;

    let unreported = if state.is_live() {
        royalty_periods(&terms, &dates)
            .into_iter()
            .filter(|period| !reports.iter().any(|report| report.period_index as u32 == period.index))
            .collect()
    } else {
        Vec::new()
    };
    let unpaid = stored
        .iter()
        .filter(|row| row.amount_fen > row.paid_fen)
        .map(|row| Unpaid {
            description: &row.description,
            due_on: row.due_on,
            outstanding_fen: row.amount_fen - row.paid_fen,
        })
        .collect();
    let facts = ReminderFacts {
        in_trial: state == LicenseState::Trial,
        live: state.is_live(),
        trial_ends_on: row.trial_ends_on,
        recordation_due_on: row.recordation_due_on,
        recorded: row.recorded_on.is_some() || state == LicenseState::Exited,
        unpaid,
        unreported,
    };
    let now = Utc::now();
    let reminders: Vec<reminder::ActiveModel> = due_reminders(&facts, today, policy)
        .into_iter()
        .map(|due| reminder::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            license_id: Set(id.0),
            kind: Set(due.kind.to_string()),
            due_on: Set(due.due_on),
            message: Set(due.message),
            created_at: Set(now),
        })
        .collect();
    if !reminders.is_empty() {
        reminder::Entity::insert_many(reminders)
            .on_conflict_do_nothing_on([reminder::Column::LicenseId, reminder::Column::Kind, reminder::Column::DueOn])
            .exec(conn)
            .await?;
    }
    active.next_review_on = Set(next_review(&facts, row.ends_on, today, policy));
    active.updated_at = Set(now);
    Ok(active.update(conn).await?)
}

/// Stores `derived` as the license's obligations: new keys are inserted, changed amounts or
/// dates updated; an obligation no longer derived (the license stopped) is removed when nothing
/// was paid on it, and otherwise closed at what was paid.
async fn sync_obligations<C: ConnectionTrait>(
    conn: &C,
    license: &license::Model,
    derived: &[crate::model::obligation::DerivedObligation],
) -> Result<Vec<obligation::Model>> {
    let id = LicenseId(license.id);
    let existing: HashMap<String, obligation::Model> =
        obligations_of(conn, &[id]).await?.into_iter().map(|row| (row.key.clone(), row)).collect();
    let mut kept = Vec::with_capacity(derived.len());
    for item in derived {
        match existing.get(&item.key) {
            Some(row)
                if row.amount_fen == item.amount_fen
                    && row.due_on == item.due_on
                    && row.report_missing == item.report_missing
                    && row.accrues_from == item.accrues_from
                    && row.accrues_until == item.accrues_until =>
            {
                kept.push(row.clone());
            }
            Some(row) => {
                let mut changed: obligation::ActiveModel = row.clone().into();
                changed.amount_fen = Set(item.amount_fen.max(row.paid_fen));
                changed.due_on = Set(item.due_on);
                changed.description = Set(item.description.clone());
                changed.accrues_from = Set(item.accrues_from);
                changed.accrues_until = Set(item.accrues_until);
                changed.report_missing = Set(item.report_missing);
                kept.push(changed.update(conn).await?);
            }
            None => {
                let inserted = obligation::ActiveModel {
                    id: Set(ObligationId::generate().0),
                    license_id: Set(id.0),
                    key: Set(item.key.clone()),
                    kind: Set(item.kind.code().to_string()),
                    description: Set(item.description.clone()),
                    accrues_from: Set(item.accrues_from),
                    accrues_until: Set(item.accrues_until),
                    due_on: Set(item.due_on),
                    amount_fen: Set(item.amount_fen),
                    paid_fen: Set(0),
                    licensor_organization_id: Set(Some(license.licensor_organization_id)),
                    ipc_class: Set(license.ipc_class.clone()),
                    report_missing: Set(item.report_missing),
                }
                .insert(conn)
                .await?;
                kept.push(inserted);
            }
        }
    }
    for (key, row) in existing {
        if derived.iter().any(|item| item.key == key) {
            continue;
        }
        if row.paid_fen == 0 {
            obligation::Entity::delete_by_id(row.id).exec(conn).await?;
        } else if row.amount_fen != row.paid_fen {
            let paid_fen = row.paid_fen;
            let mut closed: obligation::ActiveModel = row.into();
            closed.amount_fen = Set(paid_fen);
            kept.push(closed.update(conn).await?);
        } else {
            kept.push(row);
        }
    }
    Ok(kept)
}

pub(crate) fn obligation_view(row: &obligation::Model, today: NaiveDate, policy: Policy) -> Result<Obligation> {
    let outstanding_fen = row.amount_fen - row.paid_fen;
    Ok(Obligation {
        id: ObligationId(row.id),
        license_id: LicenseId(row.license_id),
        key: row.key.clone(),
        kind: ObligationKind::parse(&row.kind)
            .ok_or_else(|| Error::Storage(sea_orm::DbErr::Custom("obligation kind".into())))?,
        description: row.description.clone(),
        accrues_from: row.accrues_from,
        accrues_until: row.accrues_until,
        due_on: row.due_on,
        amount_fen: row.amount_fen,
        paid_fen: row.paid_fen,
        outstanding_fen,
        overdue: outstanding_fen > 0 && policy.is_overdue(row.due_on, today),
        report_missing: row.report_missing,
    })
}

fn amounts(obligations: &[&obligation::Model], today: NaiveDate, policy: Policy) -> LicenseAmounts {
    let mut amounts = LicenseAmounts::default();
    for row in obligations {
        let outstanding = row.amount_fen - row.paid_fen;
        amounts.contracted_fen += row.amount_fen;
        amounts.paid_fen += row.paid_fen;
        amounts.outstanding_fen += outstanding;
        if outstanding > 0 && policy.is_overdue(row.due_on, today) {
            amounts.overdue_fen += outstanding;
        }
    }
    amounts
}

/// The API view of stored licenses, with their amounts, in the order given.
pub(crate) async fn license_views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<license::Model>,
    today: NaiveDate,
    policy: Policy,
) -> Result<Vec<License>> {
    let ids: Vec<LicenseId> = rows.iter().map(|row| LicenseId(row.id)).collect();
    let obligations = obligations_of(conn, &ids).await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let own: Vec<&obligation::Model> = obligations.iter().filter(|item| item.license_id == row.id).collect();
        let state = state_of(&row)?;
        let terms = terms_of(&row)?;
        views.push(License {
            id: LicenseId(row.id),
            offer_id: crate::model::ids::OfferId(row.offer_id),
            offer_version: row.offer_version as u32,
            patent_id: catalog::model::ids::PatentId(row.patent_id),
            publication_number: row.publication_number,
            patent_title: row.patent_title,
            licensor_organization_id: catalog::model::ids::OrganizationId(row.licensor_organization_id),
            licensor_name: row.licensor_name,
            licensee_organization_id: catalog::model::ids::OrganizationId(row.licensee_organization_id),
            licensee_name: row.licensee_name,
            state,
            state_label: state.label(),
            terms,
            payment_text: row.payment_text,
            notice: row.notice,
            accepted_at: row.accepted_at,
            effective_on: row.effective_on,
            trial_ends_on: row.trial_ends_on,
            free_until: row.free_until,
            ends_on: row.ends_on,
            ended_on: row.ended_on,
            recordation_due_on: row.recordation_due_on,
            recordation_overdue: row.recorded_on.is_none()
                && state != LicenseState::Exited
                && today > row.recordation_due_on,
            recorded_on: row.recorded_on,
            record_number: row.record_number,
            amounts: amounts(&own, today, policy),
        });
    }
    Ok(views)
}
