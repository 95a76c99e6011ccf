//! Posting, reading, listing and editing demands, and keeping the demand index current.

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::ids::OrganizationId;
use catalog::model::organization::OrganizationKind;
use catalog::model::page::{Page, PageRequest};
use catalog::service::audit::{self, AuditEntry};
use catalog::service::organizations::{find_organization, organizations_by_ids};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait, TryIntoModel,
};
use search::demands::{DemandDocument, DemandIndex};
use std::collections::HashMap;
use uuid::Uuid;

use super::Matcher;
use super::engine::rank;
use super::feedback::DemandFeedback;
use super::notifications::notify;
use super::push::demand_notifications;
use super::support::{demand_view, locked, own_demand, readable_demand, to_json};
use crate::error::{Error, Result};
use crate::model::demand::{Demand, DemandInput, DemandStatus, ValidDemand};
use crate::model::ids::DemandId;
use crate::store::demand;

/// How far back an incremental index sync looks before its last run, so a demand committed
/// late with an earlier timestamp is not missed.
const SYNC_OVERLAP_SECONDS: i64 = 60;

fn document(demand: &Demand) -> DemandDocument {
    DemandDocument { id: demand.id.0, title: demand.title.clone(), description: demand.description.clone() }
}

/// Makes the index agree with `demands`: open ones in, closed ones out.
fn reindex(index: &DemandIndex, demands: &[Demand]) -> Result<()> {
    let open: Vec<DemandDocument> =
        demands.iter().filter(|demand| demand.status == DemandStatus::Open).map(document).collect();
    let closed: Vec<Uuid> =
        demands.iter().filter(|demand| demand.status == DemandStatus::Closed).map(|demand| demand.id.0).collect();
    if open.is_empty() && closed.is_empty() {
        return Ok(());
    }
    Ok(index.apply(&open, &closed)?)
}

fn set_fields(row: &mut demand::ActiveModel, valid: &ValidDemand, now: DateTime<Utc>) {
    row.title = Set(valid.title.clone());
    row.description = Set(valid.description.clone());
    row.industry_code = Set(valid.industry_code.as_ref().map(|code| code.as_str().to_string()));
    row.ipc_hints = Set(to_json(&valid.ipc_hints));
    row.region_code = Set(valid.region_code.as_str().to_string());
    row.max_total_cost_fen = Set(valid.budget.max_total_cost_fen);
    row.budget_years = Set(valid.budget.years as i32);
    row.max_royalty_bp = Set(valid.budget.max_royalty_bp.map(|bp| bp as i32));
    row.free_period = Set(valid.preferences.free_period.code().to_string());
    row.trial = Set(valid.preferences.trial.code().to_string());
    row.fee_models = Set(to_json(&valid.preferences.fee_models));
    row.status = Set(valid.status.code().to_string());
    row.updated_at = Set(now);
}

/// Posts a demand for the caller's enterprise. In the same transaction, the universities of its
/// best-fitting patents are notified.
pub async fn post(m: Matcher<'_>, actor: &Actor, input: &DemandInput) -> Result<Demand> {
    if actor.kind != OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "post technical demands" });
    }
    let organization = find_organization(m.db, actor.organization_id).await?;
    let valid = input.validate(&organization.region_code).map_err(Error::Validation)?;
    let now = Utc::now();
    let mut row = demand::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(actor.organization_id.0),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    };
    set_fields(&mut row, &valid, now);
    let model = row.clone().try_into_model()?;
    let demand = demand_view(model, organization.name)?;
    // Pushing is a courtesy: a ranking failure must not refuse the demand.
    let pushes = if demand.status == DemandStatus::Open {
        match rank(m, &demand, &DemandFeedback::default(), false).await {
            Ok((_, ranked)) => demand_notifications(m, &demand, &ranked),
            Err(error) => {
                tracing::warn!(%error, demand = %demand.id, "ranking a new demand for push failed");
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    let txn = m.db.begin().await?;
    row.insert(&txn).await?;
    for new in pushes {
        notify(&txn, new).await?;
    }
    audit::append(&txn, Some(actor), AuditEntry::new("demand.post", "demand", demand.id)).await?;
    txn.commit().await?;
    reindex_or_log(m.demands, &demand);
    Ok(demand)
}

/// Indexes a stored demand; a failure is logged, and the periodic sync indexes it later.
fn reindex_or_log(index: &DemandIndex, demand: &Demand) {
    if let Err(error) = reindex(index, std::slice::from_ref(demand)) {
        tracing::warn!(%error, demand = %demand.id, "indexing a demand failed; the periodic sync will retry");
    }
}

/// One demand: its organization's, or any for an operator.
pub async fn show(db: &Db, actor: &Actor, id: DemandId) -> Result<Demand> {
    readable_demand(db, actor, id).await
}

/// The caller's enterprise's demands (every demand for an operator), newest first.
pub async fn list(db: &Db, actor: &Actor, status: Option<DemandStatus>, page: PageRequest) -> Result<Page<Demand>> {
    let mut query = demand::Entity::find();
    match actor.kind {
        OrganizationKind::Enterprise => {
            query = query.filter(demand::Column::OrganizationId.eq(actor.organization_id.0))
        }
        OrganizationKind::Operator => {}
        OrganizationKind::University => return Err(Error::RoleNotAllowed { action: "list enterprises' demands" }),
    }
    if let Some(status) = status {
        query = query.filter(demand::Column::Status.eq(status.code()));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(demand::Column::CreatedAt)
        .order_by_desc(demand::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let organization_ids: Vec<OrganizationId> = rows.iter().map(|row| OrganizationId(row.organization_id)).collect();
    let names: HashMap<OrganizationId, String> = organizations_by_ids(db, &organization_ids)
        .await?
        .into_iter()
        .map(|organization| (organization.id, organization.name))
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let name = names.get(&OrganizationId(row.organization_id)).cloned().unwrap_or_default();
        items.push(demand_view(row, name)?);
    }
    Ok(Page { total, page: page.page, per_page: page.per_page, items })
}

/// Changes the given fields of the caller's own demand (closing and reopening included); the
/// whole result is validated again. A demand that is open afterwards is pushed like a new one
/// (universities already notified for it are not notified again).
pub async fn update(m: Matcher<'_>, actor: &Actor, id: DemandId, input: &DemandInput) -> Result<Demand> {
    let organization = find_organization(m.db, actor.organization_id).await?;
    let now = Utc::now();
    let txn = m.db.begin().await?;
    // Concurrent edits of one demand apply one after the other, each to the other's result.
    locked(&txn, demand::Entity::find_by_id(id.0)).one(&txn).await?;
    let current = own_demand(&txn, actor, id).await?;
    let valid = input.over(&current).validate(&organization.region_code).map_err(Error::Validation)?;
    let stored = demand::Entity::find_by_id(id.0).one(&txn).await?.ok_or(Error::DemandNotFound)?;
    let mut row: demand::ActiveModel = stored.into();
    set_fields(&mut row, &valid, now);
    let model = row.update(&txn).await?;
    let detail = serde_json::json!({ "status": valid.status.code() });
    audit::append(&txn, Some(actor), AuditEntry::new("demand.update", "demand", id).with_detail(detail)).await?;
    txn.commit().await?;
    let demand = demand_view(model, organization.name)?;
    reindex_or_log(m.demands, &demand);
    if demand.status == DemandStatus::Open
        && let Err(error) = push_demand(m, &demand).await
    {
        tracing::warn!(%error, demand = %demand.id, "pushing an edited demand failed");
    }
    Ok(demand)
}

/// Notifies the universities of an open demand's best-fitting patents (once per university).
async fn push_demand(m: Matcher<'_>, demand: &Demand) -> Result<()> {
    let (_, ranked) = rank(m, demand, &super::feedback::demand_feedback(m, demand.id).await?, false).await?;
    let txn = m.db.begin().await?;
    for new in demand_notifications(m, demand, &ranked) {
        notify(&txn, new).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Brings the demand index up to date with the database: every demand when `since` is `None`
/// (start-up), else those changed since shortly before `since`. Returns the next `since`.
pub async fn sync_index(db: &Db, index: &DemandIndex, since: Option<DateTime<Utc>>) -> Result<DateTime<Utc>> {
    let started = Utc::now();
    let mut query = demand::Entity::find();
    if let Some(since) = since {
        query = query.filter(demand::Column::UpdatedAt.gte(since - Duration::seconds(SYNC_OVERLAP_SECONDS)));
    }
    let rows = query.all(db).await?;
    let mut demands = Vec::with_capacity(rows.len());
    for row in rows {
        demands.push(demand_view(row, String::new())?);
    }
    for chunk in demands.chunks(1000) {
        reindex(index, chunk)?;
    }
    Ok(started)
}
