//! Recordation with CNIPA within three months: the proof pack and marking a license recorded.

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::field_error::FieldErrors;
use catalog::service::audit::{self, AuditEntry};
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, TransactionTrait};
use serde::Deserialize;

use super::licenses::{license, visible_license};
use super::money::{obligations, payments};
use crate::error::{Error, Result};
use crate::model::ids::LicenseId;
use crate::model::license::License;
use crate::model::notice::RecordationProof;
use crate::model::reminder::Policy;
use crate::store::license as license_store;

/// A recordation as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRecordation {
    /// The record number CNIPA issued.
    pub record_number: Option<String>,
    /// `YYYY-MM-DD`; today when absent.
    pub recorded_on: Option<NaiveDate>,
}

/// The notice, the terms snapshot, the obligations and the payments of a license.
pub async fn proof(
    db: &Db,
    actor: &Actor,
    id: LicenseId,
    today: NaiveDate,
    policy: Policy,
) -> Result<RecordationProof> {
    let license = license(db, actor, id, today, policy).await?;
    Ok(RecordationProof {
        obligations: obligations(db, actor, id, today, policy).await?,
        payments: payments(db, actor, id).await?,
        license,
        generated_on: today,
    })
}

/// Marks the license recorded (either party).
pub async fn record(
    db: &Db,
    actor: &Actor,
    id: LicenseId,
    input: &NewRecordation,
    today: NaiveDate,
    policy: Policy,
) -> Result<License> {
    let mut errors = FieldErrors::default();
    let number = errors.required_text("record_number", input.record_number.as_deref(), 64);
    let recorded_on = input.recorded_on.unwrap_or(today);
    if recorded_on > today {
        errors.push("recorded_on", "date_in_future", format!("recorded_on 不能晚于今天（{today}）"));
    }
    let txn = db.begin().await?;
    let row = visible_license(&txn, actor, id, true).await?;
    let is_party = actor.organization_id.0 == row.licensee_organization_id
        || actor.organization_id.0 == row.licensor_organization_id;
    if !is_party {
        return Err(Error::RoleNotAllowed { action: "record licenses (parties only)" });
    }
    if row.recorded_on.is_some() {
        return Err(Error::AlreadyRecorded);
    }
    if recorded_on < row.effective_on {
        errors.push("recorded_on", "before_license", format!("recorded_on 不能早于许可生效日（{}）", row.effective_on));
    }
    let Some(number) = number.filter(|_| errors.is_empty()) else {
        return Err(Error::Validation(errors.into_vec()));
    };
    let mut recorded: license_store::ActiveModel = row.into();
    recorded.recorded_on = Set(Some(recorded_on));
    recorded.record_number = Set(Some(number));
    recorded.update(&txn).await?;
    let detail = serde_json::json!({ "recorded_on": recorded_on });
    audit::append(&txn, Some(actor), AuditEntry::new("license.record", "license", id).with_detail(detail)).await?;
    txn.commit().await?;
    license(db, actor, id, today, policy).await
}
