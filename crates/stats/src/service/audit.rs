//! The audit trail query (operators only). Entries are appended by each action's transaction
//! (catalog's `service::audit`); nothing here or anywhere else changes them.

use catalog::model::actor::Actor;
use catalog::model::page::{Page, PageRequest};
use chrono::{DateTime, Utc};
use sea_orm::{QueryResult, Value};

use crate::model::audit::{AuditFilter, AuditRecord};
use crate::model::period::Period;
use crate::model::scope::Scope;
use crate::store::sql::{instants, rows};
use crate::{Db, Result};

/// One page of audit entries matching `filter`, newest first.
pub async fn audit_trail(db: &Db, actor: &Actor, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditRecord>> {
    Scope::operator(actor, "read the audit trail (operators only)")?;
    let mut conditions: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(from) = filter.from {
        conditions.push("a.occurred_at >= ?");
        values.push(instants(Period { from, to: from }).0);
    }
    if let Some(to) = filter.to {
        conditions.push("a.occurred_at < ?");
        values.push(instants(Period { from: to, to }).1);
    }
    if let Some(action) = &filter.action {
        conditions.push("a.action = ?");
        values.push(action.clone().into());
    }
    if let Some(organization) = filter.organization_id {
        conditions.push("a.organization_id = ?");
        values.push(organization.into());
    }
    if let Some(target) = &filter.target_id {
        conditions.push("a.target_id = ?");
        values.push(target.clone().into());
    }
    let condition = if conditions.is_empty() { "1 = 1".to_string() } else { conditions.join(" AND ") };
    let count_sql = format!("SELECT COUNT(*) FROM audit_log a WHERE {condition}");
    let total: i64 = match rows(db, &count_sql, values.clone()).await?.first() {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    let page_sql = format!(
        "SELECT a.id, a.occurred_at, a.user_id, a.organization_id, a.action, a.target_kind, a.target_id, a.detail \
         FROM audit_log a WHERE {condition} ORDER BY a.id DESC LIMIT ? OFFSET ?"
    );
    values.push((page.per_page as i64).into());
    values.push((page.offset() as i64).into());
    let mut items = Vec::new();
    for row in rows(db, &page_sql, values).await? {
        items.push(record(&row)?);
    }
    Ok(Page { total: total as u64, page: page.page, per_page: page.per_page, items })
}

fn record(row: &QueryResult) -> Result<AuditRecord> {
    let detail: Option<String> = row.try_get_by_index(7)?;
    let occurred_at: DateTime<Utc> = row.try_get_by_index(1)?;
    Ok(AuditRecord {
        id: row.try_get_by_index(0)?,
        occurred_at,
        user_id: row.try_get_by_index(2)?,
        organization_id: row.try_get_by_index(3)?,
        action: row.try_get_by_index(4)?,
        target_kind: row.try_get_by_index(5)?,
        target_id: row.try_get_by_index(6)?,
        detail: detail.and_then(|text| serde_json::from_str(&text).ok()),
    })
}
