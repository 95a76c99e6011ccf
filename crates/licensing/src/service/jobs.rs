//! The periodic job: brings every license whose review day has come up to date (trial end,
//! expiry, minimums for overdue reports, reminders).

use catalog::Db;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde::Serialize;

use super::ledger::{settle, state_of};
use crate::error::Result;
use crate::model::license::LicenseState;
use crate::model::reminder::Policy;
use crate::store::license;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AdvanceReport {
    pub reviewed: u64,
    pub trials_confirmed: u64,
    pub expired: u64,
}

/// Settles every license due for review on `today`, one transaction each.
pub async fn advance(db: &Db, today: NaiveDate, policy: Policy) -> Result<AdvanceReport> {
    let mut report = AdvanceReport::default();
    let mut after: Option<uuid::Uuid> = None;
    loop {
        let mut query = license::Entity::find()
            .filter(license::Column::NextReviewOn.lte(today))
            .order_by_asc(license::Column::Id)
            .limit(200);
        if let Some(after) = after {
            query = query.filter(license::Column::Id.gt(after));
        }
        let rows = query.all(db).await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.id);
        for row in rows {
            let before = state_of(&row)?;
            let txn = db.begin().await?;
            let settled = settle(&txn, row, today, policy).await?;
            txn.commit().await?;
            let after_state = state_of(&settled)?;
            report.reviewed += 1;
            if before == LicenseState::Trial && after_state == LicenseState::Active {
                report.trials_confirmed += 1;
            }
            if before != after_state && after_state == LicenseState::Expired {
                report.expired += 1;
            }
        }
    }
    Ok(report)
}
