//! An offer's terms as data (design §3): the fee model, the free-period and trial modifiers,
//! the license term and other matters. Validated terms are what a license snapshots.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// What a royalty is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoyaltyBase {
    /// 净销售额
    NetSales,
    /// 利润
    Profit,
}

impl RoyaltyBase {
    pub fn label(self) -> &'static str {
        match self {
            Self::NetSales => "净销售额",
            Self::Profit => "利润",
        }
    }
}

/// How often royalties are reported and paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoyaltyPeriod {
    Quarter,
    Year,
}

impl RoyaltyPeriod {
    pub fn months(self) -> u32 {
        match self {
            Self::Quarter => 3,
            Self::Year => 12,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Quarter => "季度",
            Self::Year => "年度",
        }
    }
}

/// A royalty (提成): a rate on a base, per period, with an optional minimum per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Royalty {
    pub base: RoyaltyBase,
    pub rate_bp: u32,
    pub period: RoyaltyPeriod,
    /// Paid for a period even when the royalty is lower; 0 for none.
    pub minimum_per_period_fen: i64,
}

/// The fee model of design §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum FeeModel {
    /// 免费
    Free,
    /// 一次性: the amount, on acceptance (one instalment) or in several.
    LumpSum { amount_fen: i64, instalments: u32, instalment_interval_months: u32 },
    /// 提成
    Royalty { royalty: Royalty },
    /// 入门费+提成
    EntryFeeRoyalty { entry_fee_fen: i64, royalty: Royalty },
}

impl FeeModel {
    /// Every fee model's code and Chinese label, in display order.
    pub const CODES: [(&'static str, &'static str); 4] =
        [("free", "免费"), ("lump_sum", "一次性支付"), ("royalty", "提成"), ("entry_fee_royalty", "入门费+提成")];

    pub fn code(&self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::LumpSum { .. } => "lump_sum",
            Self::Royalty { .. } => "royalty",
            Self::EntryFeeRoyalty { .. } => "entry_fee_royalty",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Free => "免费",
            Self::LumpSum { .. } => "一次性支付",
            Self::Royalty { .. } => "提成",
            Self::EntryFeeRoyalty { .. } => "入门费+提成",
        }
    }

    pub fn royalty(&self) -> Option<&Royalty> {
        match self {
            Self::Royalty { royalty } | Self::EntryFeeRoyalty { royalty, .. } => Some(royalty),
            Self::Free | Self::LumpSum { .. } => None,
        }
    }

    /// Fixed amounts of the model (lump sum or entry fee), in fen.
    pub fn fixed_fen(&self) -> i64 {
        match self {
            Self::LumpSum { amount_fen, .. } => *amount_fen,
            Self::EntryFeeRoyalty { entry_fee_fen, .. } => *entry_fee_fen,
            Self::Free | Self::Royalty { .. } => 0,
        }
    }
}

/// What happens to the charges of a trial period when the licensee confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrialCharges {
    /// 免除: the trial period is never charged.
    Waived,
    /// 延后: the trial period's charges fall due when the trial ends.
    Deferred,
}

/// 先用后付: a trial of `months`; the licensee confirms or exits owing nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trial {
    pub months: u32,
    pub charges: TrialCharges,
}

/// Validated offer terms; a license keeps a snapshot of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferTerms {
    pub fee: FeeModel,
    /// 限期免费: no charge accrues for the first `free_months` months; 0 for none.
    pub free_months: u32,
    pub trial: Option<Trial>,
    /// The license term in months from acceptance (capped by the patent's expiry).
    pub term_months: u32,
    /// 其他事项; factual text, no advertising words.
    pub other_matters: Option<String>,
}

impl OfferTerms {
    pub fn trial_months(&self) -> u32 {
        self.trial.map(|trial| trial.months).unwrap_or(0)
    }
}

/// `date` plus `months` calendar months (the 31st becomes the month's last day).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// Whole calendar months from `from` to `to` (0 when `to` is earlier).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    u32::try_from(months.max(0)).unwrap_or(0)
}
