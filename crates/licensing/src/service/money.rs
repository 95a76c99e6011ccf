//! Usage reports, obligations and payments of a license. Payments settle one obligation each,
//! exactly: never more than is outstanding.

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::field_error::{FieldError, FieldErrors};
use catalog::service::audit::{self, AuditEntry};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Deserialize;
use serde_json::json;

use super::ledger::{dates_of, obligation_view, obligations_of, reports_of, settle, state_of, terms_of};
use super::licenses::visible_license;
use super::support::write_error;
use crate::error::{Error, Result};
use crate::model::ids::{LicenseId, ObligationId, PaymentId};
use crate::model::license::{LicenseState, Obligation, Payment, UsageReport};
use crate::model::obligation::royalty_periods;
use crate::model::reminder::Policy;
use crate::store::{license, obligation, payment, usage_report};

/// A usage report as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUsageReport {
    /// The royalty period, 1 for the first.
    pub period_index: Option<i64>,
    /// Net sales or profit in the period (as the terms say), in fen.
    pub amount_fen: Option<i64>,
}

/// A payment as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPayment {
    pub obligation_id: Option<ObligationId>,
    pub amount_fen: Option<i64>,
    /// `YYYY-MM-DD`; today when absent.
    pub paid_on: Option<NaiveDate>,
    /// Bank transfer reference or receipt number.
    pub reference: Option<String>,
}

fn report_view(row: usage_report::Model) -> UsageReport {
    UsageReport {
        license_id: LicenseId(row.license_id),
        period_index: row.period_index as u32,
        period_starts_on: row.period_starts_on,
        period_ends_before: row.period_ends_before,
        base: row.base,
        amount_fen: row.amount_fen,
        reported_at: row.reported_at,
    }
}

/// The licensee reports a finished royalty period; the period's royalty becomes an obligation.
pub async fn report_usage(
    db: &Db,
    actor: &Actor,
    id: LicenseId,
    input: &NewUsageReport,
    today: NaiveDate,
    policy: Policy,
) -> Result<UsageReport> {
    let txn = db.begin().await?;
    let row = visible_license(&txn, actor, id, true).await?;
    if actor.organization_id.0 != row.licensee_organization_id {
        return Err(Error::RoleNotAllowed { action: "file usage reports (licensee only)" });
    }
    let row = settle(&txn, row, today, policy).await?;
    let terms = terms_of(&row)?;
    let Some(royalty) = terms.fee.royalty().copied() else {
        return Err(Error::Validation(vec![FieldError::new(
            "period_index",
            "not_applicable",
            "该许可不按提成收费，无需报告使用情况",
        )]));
    };
    let state = state_of(&row)?;
    if state == LicenseState::Exited {
        return Err(Error::TransitionNotAllowed { state: state.code(), action: "report usage" });
    }
    let mut errors = FieldErrors::default();
    let amount = match input.amount_fen {
        None => {
            errors.push("amount_fen", "required", format!("amount_fen（本期{}，分）为必填项", royalty.base.label()));
            None
        }
        Some(amount) if amount < 0 => {
            errors.push("amount_fen", "negative", "amount_fen 不能为负数；亏损期间请报告 0");
            None
        }
        Some(amount) => Some(amount),
    };
    let periods = royalty_periods(&terms, &dates_of(&row, state));
    let period = match input.period_index {
        None => {
            errors.push("period_index", "required", "period_index（结算期序号，从 1 开始）为必填项");
            None
        }
        Some(index) => match periods.iter().find(|period| i64::from(period.index) == index) {
            None => {
                errors.push("period_index", "out_of_range", format!("该许可的结算期为第 1 至第 {} 期", periods.len()));
                None
            }
            Some(period) if period.ends_before > today => {
                let last_day = period.ends_before.pred_opt().unwrap_or(period.ends_before);
                errors.push(
                    "period_index",
                    "period_not_ended",
                    format!("第 {index} 期至 {last_day} 结束，结束后才能报告"),
                );
                None
            }
            Some(period) => Some(*period),
        },
    };
    let (Some(amount), Some(period)) = (amount, period) else {
        return Err(Error::Validation(errors.into_vec()));
    };
    let exists = usage_report::Entity::find()
        .filter(usage_report::Column::LicenseId.eq(id.0))
        .filter(usage_report::Column::PeriodIndex.eq(period.index as i32))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Err(Error::ReportExists { period_index: period.index });
    }
    let base = match royalty.base {
        crate::model::terms::RoyaltyBase::NetSales => "net_sales",
        crate::model::terms::RoyaltyBase::Profit => "profit",
    };
    let stored = usage_report::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        license_id: Set(id.0),
        period_index: Set(period.index as i32),
        period_starts_on: Set(period.starts_on),
        period_ends_before: Set(period.ends_before),
        base: Set(base.to_string()),
        amount_fen: Set(amount),
        reported_at: Set(Utc::now()),
        reported_by: Set(actor.user_id),
    }
    .insert(&txn)
    .await
    .map_err(|error| match write_error(error) {
        Error::ConcurrentWrite => Error::ReportExists { period_index: period.index },
        other => other,
    })?;
    settle(&txn, row, today, policy).await?;
    let detail = json!({ "period_index": period.index, "amount_fen": amount });
    audit::append(&txn, Some(actor), AuditEntry::new("license.report", "license", id).with_detail(detail)).await?;
    txn.commit().await?;
    Ok(report_view(stored))
}

/// The usage reports of a license, by period.
pub async fn usage_reports(db: &Db, actor: &Actor, id: LicenseId) -> Result<Vec<UsageReport>> {
    let row = visible_license(db, actor, id, false).await?;
    Ok(reports_of(db, LicenseId(row.id)).await?.into_iter().map(report_view).collect())
}

/// The obligations of a license as of today, by due date.
pub async fn obligations(
    db: &Db,
    actor: &Actor,
    id: LicenseId,
    today: NaiveDate,
    policy: Policy,
) -> Result<Vec<Obligation>> {
    let txn = db.begin().await?;
    let row = visible_license(&txn, actor, id, true).await?;
    settle(&txn, row, today, policy).await?;
    let rows = obligations_of(&txn, &[id]).await?;
    txn.commit().await?;
    rows.iter().map(|row| obligation_view(row, today, policy)).collect()
}

fn payment_view(row: payment::Model) -> Payment {
    Payment {
        id: PaymentId(row.id),
        license_id: LicenseId(row.license_id),
        obligation_id: ObligationId(row.obligation_id),
        amount_fen: row.amount_fen,
        paid_on: row.paid_on,
        reference: row.reference,
        recorded_at: row.recorded_at,
    }
}

/// Records a payment against one obligation of the license (licensee or patentee). More than
/// is outstanding is refused; so is another organization's license.
pub async fn record_payment(
    db: &Db,
    actor: &Actor,
    id: LicenseId,
    input: &NewPayment,
    today: NaiveDate,
    policy: Policy,
) -> Result<(Payment, Obligation)> {
    let mut errors = FieldErrors::default();
    let reference = errors.optional_text("reference", input.reference.as_deref(), 100);
    let amount = match input.amount_fen {
        None => {
            errors.push("amount_fen", "required", "amount_fen（付款金额，分）为必填项");
            None
        }
        Some(amount) if amount <= 0 => {
            errors.push("amount_fen", "out_of_range", "amount_fen 应大于 0");
            None
        }
        Some(amount) => Some(amount),
    };
    let paid_on = input.paid_on.unwrap_or(today);
    if paid_on > today {
        errors.push("paid_on", "date_in_future", format!("paid_on 不能晚于今天（{today}）"));
    }
    if input.obligation_id.is_none() {
        errors.push("obligation_id", "required", "obligation_id（所付款项）为必填项");
    }
    let (Some(amount), Some(obligation_id), true) = (amount, input.obligation_id, errors.is_empty()) else {
        return Err(Error::Validation(errors.into_vec()));
    };

    let txn = db.begin().await?;
    let row = visible_license(&txn, actor, id, true).await?;
    let is_party = actor.organization_id.0 == row.licensee_organization_id
        || actor.organization_id.0 == row.licensor_organization_id;
    if !is_party {
        return Err(Error::RoleNotAllowed { action: "record payments (parties only)" });
    }
    let licensor_organization_id = row.licensor_organization_id;
    let ipc_class = row.ipc_class.clone();
    if paid_on < row.effective_on {
        return Err(Error::Validation(vec![FieldError::new(
            "paid_on",
            "before_license",
            format!("paid_on 不能早于许可生效日（{}）", row.effective_on),
        )]));
    }
    settle(&txn, row, today, policy).await?;
    let target = obligation::Entity::find_by_id(obligation_id.0)
        .filter(obligation::Column::LicenseId.eq(id.0))
        .one(&txn)
        .await?
        .ok_or(Error::ObligationNotFound)?;
    let outstanding = target.amount_fen - target.paid_fen;
    if amount > outstanding {
        return Err(Error::Overpayment { outstanding_fen: outstanding });
    }
    let stored = payment::ActiveModel {
        id: Set(PaymentId::generate().0),
        license_id: Set(id.0),
        obligation_id: Set(obligation_id.0),
        amount_fen: Set(amount),
        paid_on: Set(paid_on),
        reference: Set(reference),
        recorded_at: Set(Utc::now()),
        recorded_by: Set(actor.user_id),
        licensor_organization_id: Set(Some(licensor_organization_id)),
        ipc_class: Set(ipc_class),
    }
    .insert(&txn)
    .await?;
    let paid_fen = target.paid_fen + amount;
    let mut settled: obligation::ActiveModel = target.into();
    settled.paid_fen = Set(paid_fen);
    let settled = settled.update(&txn).await?;
    let row = visible_license(&txn, actor, id, false).await?;
    let first_paid_on = row.first_paid_on;
    let row = settle(&txn, row, today, policy).await?;
    if first_paid_on.is_none_or(|first| paid_on < first) {
        let mut paid: license::ActiveModel = row.into();
        paid.first_paid_on = Set(Some(paid_on));
        paid.update(&txn).await?;
    }
    let detail = json!({ "license_id": id, "obligation_id": obligation_id, "amount_fen": amount, "paid_on": paid_on });
    audit::append(&txn, Some(actor), AuditEntry::new("payment.record", "payment", stored.id).with_detail(detail))
        .await?;
    txn.commit().await?;
    Ok((payment_view(stored), obligation_view(&settled, today, policy)?))
}

/// The payments of a license, oldest first.
pub async fn payments(db: &Db, actor: &Actor, id: LicenseId) -> Result<Vec<Payment>> {
    visible_license(db, actor, id, false).await?;
    let rows = payment::Entity::find()
        .filter(payment::Column::LicenseId.eq(id.0))
        .order_by_asc(payment::Column::PaidOn)
        .order_by_asc(payment::Column::RecordedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(payment_view).collect())
}
