//! The audit trail: every state-changing action appends one entry inside the transaction that
//! makes the change, so an action and its entry commit or roll back together. Entries are never
//! changed or removed; the database refuses it.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use serde_json::Value;

use crate::Result;
use crate::model::actor::Actor;
use crate::store::audit_entry;

/// What happened to which record. `action` is a stable dotted code (`offer.publish`),
/// `target_kind` the record's kind (`offer`), `detail` action-specific facts.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub action: &'static str,
    pub target_kind: &'static str,
    pub target_id: String,
    pub detail: Option<Value>,
}

impl AuditEntry {
    pub fn new(action: &'static str, target_kind: &'static str, target_id: impl ToString) -> Self {
        Self { action, target_kind, target_id: target_id.to_string(), detail: None }
    }

    pub fn with_detail(mut self, detail: Value) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Appends `entry` for `actor` (`None`: the system or the command line). Call it with the
/// transaction that makes the change.
pub async fn append<C: ConnectionTrait>(conn: &C, actor: Option<&Actor>, entry: AuditEntry) -> Result<()> {
    audit_entry::ActiveModel {
        occurred_at: Set(Utc::now()),
        user_id: Set(actor.map(|actor| actor.user_id)),
        organization_id: Set(actor.map(|actor| actor.organization_id.0)),
        action: Set(entry.action.to_string()),
        target_kind: Set(entry.target_kind.to_string()),
        target_id: Set(entry.target_id),
        detail: Set(entry.detail.map(|detail| detail.to_string())),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
