//! Follow-up lists: live licenses past their recordation deadline, obligations unpaid past
//! due date plus grace, and trials ending soon. A university sees the licenses it granted.

use catalog::model::actor::Actor;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::page::{Page, PageRequest};
use chrono::{Days as ChronoDays, NaiveDate};
use sea_orm::{QueryResult, Value};

use crate::model::follow_ups::{FollowUp, FollowUpList};
use crate::model::scope::Scope;
use crate::store::sql::rows;
use crate::{Db, Result};

/// The settings the lists depend on (licensing's grace period, the trial-ending horizon).
#[derive(Debug, Clone, Copy)]
pub struct FollowUpSettings {
    pub grace_days: u64,
    pub trial_horizon_days: u64,
}

const LICENSE_COLUMNS: &str = "l.id, l.patent_id, l.publication_number, l.patent_title, l.licensor_organization_id, \
                               l.licensor_name, l.licensee_organization_id, l.licensee_name";

/// One page of `list`, most urgent first.
pub async fn follow_ups(
    db: &Db,
    actor: &Actor,
    list: FollowUpList,
    settings: FollowUpSettings,
    page: PageRequest,
    today: NaiveDate,
) -> Result<Page<FollowUp>> {
    let scope = Scope::of(actor)?;
    let (from, due, condition, mut values, extra): (&str, &str, &str, Vec<Value>, &str) = match list {
        FollowUpList::OverdueRecordations => (
            "licenses l",
            "l.recordation_due_on",
            "l.recorded_on IS NULL AND l.state IN ('trial', 'active') AND l.recordation_due_on < ?",
            vec![today.into()],
            "",
        ),
        FollowUpList::OverduePayments => (
            "obligations o JOIN licenses l ON l.id = o.license_id",
            "o.due_on",
            "o.paid_fen < o.amount_fen AND o.due_on < ?",
            vec![(today - ChronoDays::new(settings.grace_days)).into()],
            ", o.id, o.amount_fen - o.paid_fen",
        ),
        FollowUpList::TrialsEnding => (
            "licenses l",
            "l.trial_ends_on",
            "l.state = 'trial' AND l.trial_ends_on >= ? AND l.trial_ends_on <= ?",
            vec![today.into(), (today + ChronoDays::new(settings.trial_horizon_days)).into()],
            "",
        ),
    };
    let mut condition = condition.to_string();
    if let Some(organization) = scope.organization() {
        condition.push_str(" AND l.licensor_organization_id = ?");
        values.push(organization.0.into());
    }
    // Counting overdue obligations over every university needs no license row.
    let count_from = match (list, scope) {
        (FollowUpList::OverduePayments, Scope::All) => "obligations o",
        _ => from,
    };
    let count_sql = format!("SELECT COUNT(*) FROM {count_from} WHERE {condition}");
    let total: i64 = match rows(db, &count_sql, values.clone()).await?.first() {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    let page_sql = format!(
        "SELECT {LICENSE_COLUMNS}, {due}{extra} FROM {from} WHERE {condition} ORDER BY {due}, l.id LIMIT ? OFFSET ?"
    );
    values.push((page.per_page as i64).into());
    values.push((page.offset() as i64).into());
    let mut items = Vec::new();
    for row in rows(db, &page_sql, values).await? {
        items.push(follow_up(&row, list, today)?);
    }
    Ok(Page { total: total as u64, page: page.page, per_page: page.per_page, items })
}

fn follow_up(row: &QueryResult, list: FollowUpList, today: NaiveDate) -> Result<FollowUp> {
    let due_on: NaiveDate = row.try_get_by_index(8)?;
    let (obligation_id, outstanding_fen) = match list {
        FollowUpList::OverduePayments => (Some(row.try_get_by_index(9)?), Some(row.try_get_by_index(10)?)),
        _ => (None, None),
    };
    Ok(FollowUp {
        license_id: row.try_get_by_index(0)?,
        patent_id: PatentId(row.try_get_by_index(1)?),
        publication_number: row.try_get_by_index(2)?,
        patent_title: row.try_get_by_index(3)?,
        licensor_organization_id: OrganizationId(row.try_get_by_index(4)?),
        licensor_name: row.try_get_by_index(5)?,
        licensee_organization_id: OrganizationId(row.try_get_by_index(6)?),
        licensee_name: row.try_get_by_index(7)?,
        days_overdue: (today - due_on).num_days(),
        due_on,
        obligation_id,
        outstanding_fen,
    })
}
