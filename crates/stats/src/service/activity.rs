//! Activity events behind the funnel's first steps. The server queues them and writes them in
//! batches off the request path, so a page view never waits for this insert.

use catalog::model::ids::{OrganizationId, PatentId};
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use uuid::Uuid;

use crate::model::funnel::ActivityKind;
use crate::store::activity_event;
use crate::store::sql::execute;
use crate::{Db, Result};

/// One observed page view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEvent {
    pub kind: ActivityKind,
    pub patent_id: PatentId,
    pub offer_id: Option<Uuid>,
    /// The patentee university.
    pub organization_id: OrganizationId,
    /// Who viewed (none: anonymous).
    pub actor_organization_id: Option<OrganizationId>,
    /// The server clock's time of the view.
    pub occurred_at: DateTime<Utc>,
}

/// Writes a batch of events and adds them to the daily counts the funnel reads, in one
/// transaction.
pub async fn record(db: &Db, events: &[ActivityEvent]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let rows = events.iter().map(|event| activity_event::ActiveModel {
        kind: Set(event.kind.code().to_string()),
        patent_id: Set(event.patent_id.0),
        offer_id: Set(event.offer_id),
        organization_id: Set(event.organization_id.0),
        actor_organization_id: Set(event.actor_organization_id.map(|id| id.0)),
        occurred_on: Set(event.occurred_at.date_naive()),
        occurred_at: Set(event.occurred_at),
        ..Default::default()
    });
    let mut daily: BTreeMap<(NaiveDate, &'static str, Uuid), i64> = BTreeMap::new();
    for event in events {
        *daily.entry((event.occurred_at.date_naive(), event.kind.code(), event.organization_id.0)).or_default() += 1;
    }
    let txn = db.begin().await?;
    activity_event::Entity::insert_many(rows).exec(&txn).await?;
    for ((day, kind, organization), views) in daily {
        let sql = "INSERT INTO activity_daily (day, kind, organization_id, views) VALUES (?, ?, ?, ?) \
                   ON CONFLICT (day, kind, organization_id) DO UPDATE SET views = activity_daily.views + excluded.views";
        execute(&txn, sql, vec![day.into(), kind.into(), organization.into(), views.into()]).await?;
    }
    txn.commit().await?;
    Ok(())
}
