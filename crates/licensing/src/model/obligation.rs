//! Obligations derived from a license's terms, dates and usage reports (design §3). The
//! derivation is a pure function: the service stores its result and payments settle it.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::money::scale;
use super::terms::{FeeModel, OfferTerms, TrialCharges, add_months};

/// Days after a royalty period ends within which it is reported and paid.
pub const REPORT_WINDOW_DAYS: i64 = 30;

/// The dates of a license that obligations depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LicenseDates {
    /// The day the license took effect (acceptance).
    pub effective_on: NaiveDate,
    /// The last day of the license term.
    pub ends_on: NaiveDate,
    /// The day the license stopped early (exit or termination): nothing accrues from it on.
    pub stopped_on: Option<NaiveDate>,
    /// The licensee exited during the trial: nothing is owed at all.
    pub exited_in_trial: bool,
}

impl LicenseDates {
    /// For a license accepted on `effective_on` under `terms`, ending no later than the patent.
    pub fn new(terms: &OfferTerms, effective_on: NaiveDate, patent_expiry: Option<NaiveDate>) -> Self {
        let term_end = add_months(effective_on, terms.term_months).pred_opt().unwrap_or(effective_on);
        let ends_on = patent_expiry.map_or(term_end, |expiry| term_end.min(expiry));
        Self { effective_on, ends_on, stopped_on: None, exited_in_trial: false }
    }

    /// The first day after the license: the end of the term or the stop, whichever is first.
    pub fn end_exclusive(&self) -> NaiveDate {
        let term_end = self.ends_on.succ_opt().unwrap_or(self.ends_on);
        self.stopped_on.map_or(term_end, |stopped| stopped.min(term_end))
    }
}

/// The first day after the trial, if the terms have one.
pub fn trial_end(terms: &OfferTerms, effective_on: NaiveDate) -> Option<NaiveDate> {
    terms.trial.map(|trial| add_months(effective_on, trial.months))
}

/// The first day on which charges accrue (after the free period).
pub fn free_end(terms: &OfferTerms, effective_on: NaiveDate) -> NaiveDate {
    add_months(effective_on, terms.free_months)
}

/// What an obligation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// 一次性或分期许可使用费
    LumpSum,
    /// 入门费
    EntryFee,
    /// 提成
    Royalty,
}

impl ObligationKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::LumpSum => "lump_sum",
            Self::EntryFee => "entry_fee",
            Self::Royalty => "royalty",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::LumpSum, Self::EntryFee, Self::Royalty].into_iter().find(|kind| kind.code() == raw)
    }
}

/// One royalty period of a license: `[starts_on, ends_before)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoyaltyPeriodSpan {
    /// 1 for the first period.
    pub index: u32,
    pub starts_on: NaiveDate,
    /// The first day after the period (the term's end cuts the last one short).
    pub ends_before: NaiveDate,
    pub due_on: NaiveDate,
}

/// A usage report: the licensee's net sales or profit in one royalty period, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodReport {
    pub period_index: u32,
    pub amount_fen: i64,
}

/// An amount due on a date, identified within its license by a stable key
/// (`lump_sum:2`, `entry_fee`, `royalty:3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedObligation {
    pub key: String,
    pub kind: ObligationKind,
    pub description: String,
    /// The span the obligation pays for.
    pub accrues_from: NaiveDate,
    pub accrues_until: NaiveDate,
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    /// A royalty period whose report is overdue: the minimum is due meanwhile.
    pub report_missing: bool,
}

/// The royalty periods of a license, from its effective day to the end of its term (or stop).
pub fn royalty_periods(terms: &OfferTerms, dates: &LicenseDates) -> Vec<RoyaltyPeriodSpan> {
    let Some(royalty) = terms.fee.royalty() else {
        return Vec::new();
    };
    let end = dates.end_exclusive();
    let mut periods = Vec::new();
    let mut index = 0u32;
    loop {
        let starts_on = add_months(dates.effective_on, index * royalty.period.months());
        if starts_on >= end {
            break;
        }
        let ends_before = add_months(dates.effective_on, (index + 1) * royalty.period.months()).min(end);
        let due_on = ends_before + Duration::days(REPORT_WINDOW_DAYS);
        index += 1;
        periods.push(RoyaltyPeriodSpan { index, starts_on, ends_before, due_on });
    }
    periods
}

fn days(from: NaiveDate, until: NaiveDate) -> i64 {
    (until - from).num_days().max(0)
}

/// Derives every obligation of a license as of `today`: fixed amounts from the schedule,
/// royalties from the reports (the minimum stands in for a report that is overdue). Nothing
/// accrues in the free period, nor in a waived trial; deferred trial charges fall due when the
/// trial ends; a licensee who exits in the trial owes nothing; amounts are integer fen.
pub fn derive(
    terms: &OfferTerms,
    dates: &LicenseDates,
    reports: &[PeriodReport],
    today: NaiveDate,
) -> Vec<DerivedObligation> {
    if dates.exited_in_trial {
        return Vec::new();
    }
    let end = dates.end_exclusive();
    let free_end = free_end(terms, dates.effective_on);
    let trial_end = trial_end(terms, dates.effective_on);
    // Fixed amounts are payable once the licensee is past any free period and trial.
    let payment_start = free_end.max(trial_end.unwrap_or(dates.effective_on));
    let mut obligations = Vec::new();

    match terms.fee {
        FeeModel::Free | FeeModel::Royalty { .. } => {}
        FeeModel::LumpSum { amount_fen, instalments, instalment_interval_months } => {
            let count = i64::from(instalments.max(1));
            let share = amount_fen / count;
            for index in 0..instalments.max(1) {
                let mut due_on = add_months(payment_start, index * instalment_interval_months);
                // A license cut short by the patent's expiry still owes the published total: the
                // instalments left fall due on its last day. One stopped early owes what fell due.
                if dates.stopped_on.is_none() && due_on > dates.ends_on {
                    due_on = dates.ends_on.max(payment_start);
                }
                if due_on >= end {
                    break;
                }
                // The last instalment takes the remainder so the sum is the amount exactly.
                let is_last = i64::from(index) + 1 == count;
                let amount = if is_last { amount_fen - share * (count - 1) } else { share };
                let description = if count == 1 {
                    "一次性许可使用费".to_string()
                } else {
                    format!("许可使用费第 {} / {count} 期", index + 1)
                };
                obligations.push(DerivedObligation {
                    key: format!("lump_sum:{}", index + 1),
                    kind: ObligationKind::LumpSum,
                    description,
                    accrues_from: due_on,
                    accrues_until: due_on,
                    due_on,
                    amount_fen: amount,
                    report_missing: false,
                });
            }
        }
        FeeModel::EntryFeeRoyalty { entry_fee_fen, .. } => {
            if payment_start < end {
                obligations.push(DerivedObligation {
                    key: "entry_fee".to_string(),
                    kind: ObligationKind::EntryFee,
                    description: "入门费".to_string(),
                    accrues_from: payment_start,
                    accrues_until: payment_start,
                    due_on: payment_start,
                    amount_fen: entry_fee_fen,
                    report_missing: false,
                });
            }
        }
    }

    if let Some(royalty) = terms.fee.royalty() {
        let waived_trial_end = match terms.trial {
            Some(trial) if trial.charges == TrialCharges::Waived => trial_end,
            _ => None,
        };
        let charge_start = free_end.max(waived_trial_end.unwrap_or(dates.effective_on));
        for period in royalty_periods(terms, dates) {
            let chargeable = days(period.starts_on.max(charge_start), period.ends_before);
            if chargeable == 0 {
                continue;
            }
            let reported_days = days(period.starts_on, period.ends_before);
            // The full period counted from the effective day: a period starting on a shortened
            // month end (28 February) still runs to the next anniversary of the effective day.
            let nominal_days =
                days(period.starts_on, add_months(dates.effective_on, period.index * royalty.period.months()));
            let minimum = scale(royalty.minimum_per_period_fen, chargeable, nominal_days);
            let report = reports.iter().find(|report| report.period_index == period.index);
            let (amount, report_missing) = match report {
                Some(report) => {
                    let earned =
                        scale(report.amount_fen, i64::from(royalty.rate_bp) * chargeable, 10_000 * reported_days);
                    (earned.max(minimum), false)
                }
                None if today > period.due_on && minimum > 0 => (minimum, true),
                None => continue,
            };
            // Deferred trial charges fall due when the trial ends, not before.
            let due_on = match trial_end {
                Some(trial_end) if period.starts_on < trial_end => period.due_on.max(trial_end),
                _ => period.due_on,
            };
            obligations.push(DerivedObligation {
                key: format!("royalty:{}", period.index),
                kind: ObligationKind::Royalty,
                description: format!(
                    "第 {} 期提成（{} 至 {}）",
                    period.index,
                    period.starts_on,
                    period.ends_before.pred_opt().unwrap_or(period.ends_before)
                ),
                accrues_from: period.starts_on.max(charge_start),
                accrues_until: period.ends_before,
                due_on,
                amount_fen: amount,
                report_missing,
            });
        }
    }
    obligations
}
