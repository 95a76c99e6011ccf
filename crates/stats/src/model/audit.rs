//! The audit trail as operators read it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// One appended audit entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub user_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    /// Action-specific facts; for offers the pricing basis.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub detail: Option<serde_json::Value>,
}

/// Filters of the audit query.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub action: Option<String>,
    pub organization_id: Option<Uuid>,
    pub target_id: Option<String>,
}
