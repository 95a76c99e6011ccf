//! Bulk import: idempotent on publication number, valid rows kept, each rejection explained.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, AuditEntry};
use super::feed::append_changes;
use crate::error::{Error, Result, write_error};
use crate::import::ImportRow;
use crate::model::actor::Actor;
use crate::model::ids::{OrganizationId, PatentId};
use crate::model::input::{NewPatent, ValidPatent};
use crate::model::organization::OrganizationKind;
use crate::model::patent::CoOwner;
use crate::service::organizations::find_organization;
use crate::store::convert::{new_patent_row, patent_from_row, patent_to_input, set_descriptive_fields};
use crate::store::patent;

/// Rows are written in chunks of this size: one multi-row INSERT each, well under the
/// bound-parameter limits of SQLite (32,766) and PostgreSQL (65,535) at ~30 columns a row.
const CHUNK_ROWS: usize = 500;

/// Why one row was not imported.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowRejection {
    pub line: u64,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    /// Rows identical to what is stored: nothing written.
    pub unchanged: u64,
    pub rejected: Vec<RowRejection>,
}

struct Candidate {
    line: u64,
    raw: NewPatent,
    valid: ValidPatent,
}

/// Imports `rows` into `organization_id`'s catalog in one transaction. An existing patent of
/// the same organization is updated (its legal state stays with the events); another
/// organization's patent is never touched. `progress` is told how many rows each written chunk
/// held (the CLI draws a bar with it).
pub async fn import_patents(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    organization_id: OrganizationId,
    rows: Vec<ImportRow>,
    today: NaiveDate,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<ImportReport> {
    let mut report = ImportReport { rows: rows.len() as u64, ..ImportReport::default() };
    let mut candidates: Vec<Candidate> = Vec::with_capacity(rows.len());
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let raw = match row.input {
            Ok(raw) => raw,
            Err(error) => {
                report.rejected.push(rejection(row.line, error.field, error.code, error.message));
                continue;
            }
        };
        let valid = match raw.validate(today) {
            Ok(valid) => valid,
            Err(errors) => {
                for error in errors {
                    report.rejected.push(rejection(row.line, error.field, error.code, error.message));
                }
                continue;
            }
        };
        let number = valid.publication_number.to_string();
        if let Some(first) = first_line_of.get(&number) {
            report.rejected.push(rejection(
                row.line,
                "publication_number".into(),
                "duplicate_in_file".into(),
                format!("公开号 {number} 在文件第 {first} 行已出现"),
            ));
            continue;
        }
        first_line_of.insert(number, row.line);
        candidates.push(Candidate { line: row.line, raw, valid });
    }

    let txn = db.begin().await?;
    let organization = find_organization(&txn, organization_id).await?;
    if organization.kind != OrganizationKind::University {
        return Err(Error::RoleNotAllowed { action: "hold patents (only universities can)" });
    }
    let now = Utc::now();
    let mut changed: Vec<PatentId> = Vec::new();
    for chunk in candidates.chunks(CHUNK_ROWS) {
        let numbers: Vec<String> =
            chunk.iter().map(|candidate| candidate.valid.publication_number.to_string()).collect();
        let existing: HashMap<String, patent::Model> = patent::Entity::find()
            .filter(patent::Column::PublicationNumber.is_in(numbers))
            .all(&txn)
            .await?
            .into_iter()
            .map(|row| (row.publication_number.clone(), row))
            .collect();
        let mut inserts = Vec::new();
        for candidate in chunk {
            let Some(row) = existing.get(candidate.valid.publication_number.as_str()) else {
                let id = PatentId::generate();
                inserts.push(new_patent_row(id.0, organization_id, &candidate.valid, now));
                changed.push(id);
                report.imported += 1;
                continue;
            };
            match plan_update(row, candidate, organization_id, today)? {
                UpdatePlan::Reject(rejection) => report.rejected.push(rejection),
                UpdatePlan::Unchanged => report.unchanged += 1,
                UpdatePlan::Write(valid) => {
                    let mut active: patent::ActiveModel = row.clone().into();
                    set_descriptive_fields(&mut active, &valid);
                    active.updated_at = Set(now);
                    active.update(&txn).await.map_err(write_error)?;
                    changed.push(PatentId(row.id));
                    report.updated += 1;
                }
            }
        }
        if !inserts.is_empty() {
            // Another import may have committed the same publication numbers after this one looked.
            patent::Entity::insert_many(inserts).exec(&txn).await.map_err(write_error)?;
        }
        progress(chunk.len() as u64);
    }
    append_changes(&txn, &changed).await?;
    let counts = json!({ "rows": report.rows, "imported": report.imported, "updated": report.updated });
    let entry = AuditEntry::new("patent.import", "organization", organization_id).with_detail(counts);
    audit::append(&txn, actor, entry).await?;
    txn.commit().await?;
    report.rejected.sort_by_key(|rejection| rejection.line);
    Ok(report)
}

enum UpdatePlan {
    Reject(RowRejection),
    Unchanged,
    Write(ValidPatent),
}

fn plan_update(
    row: &patent::Model,
    candidate: &Candidate,
    organization_id: OrganizationId,
    today: NaiveDate,
) -> Result<UpdatePlan> {
    if row.organization_id != organization_id.0 {
        return Ok(UpdatePlan::Reject(rejection(
            candidate.line,
            "publication_number".into(),
            "owned_by_another_organization".into(),
            format!("公开号 {} 已由其他机构登记，不能导入", row.publication_number),
        )));
    }
    let stored = patent_from_row(row.clone())?;
    let stored_valid = patent_to_input(&stored).validate(today).map_err(Error::Validation)?;
    let mut incoming = candidate.valid.clone();
    // Legal status and grant date change through events; a re-import may repeat them, not change them.
    let status_changed = candidate.raw.legal_status.is_some() && incoming.legal_status != stored_valid.legal_status;
    let grant_changed = candidate.raw.grant_date.is_some() && incoming.grant_date != stored_valid.grant_date;
    if status_changed || grant_changed {
        let field = if status_changed { "legal_status" } else { "grant_date" };
        return Ok(UpdatePlan::Reject(rejection(
            candidate.line,
            field.into(),
            "changes_by_event".into(),
            "法律状态和授权日的变更请通过法律状态事件记录（POST /patents/{id}/events）".into(),
        )));
    }
    incoming.legal_status = stored_valid.legal_status;
    incoming.grant_date = stored_valid.grant_date;
    // A spreadsheet cannot withdraw a recorded co-owner consent; that is an explicit edit.
    incoming.co_owners = incoming
        .co_owners
        .into_iter()
        .map(|owner| {
            let recorded = stored.co_owners.iter().any(|old| old.name == owner.name && old.consent);
            CoOwner { consent: owner.consent || recorded, ..owner }
        })
        .collect();
    if incoming == stored_valid {
        return Ok(UpdatePlan::Unchanged);
    }
    Ok(UpdatePlan::Write(incoming))
}

fn rejection(line: u64, field: String, code: String, message: String) -> RowRejection {
    RowRejection { line, field, code, message }
}
