//! A license granted by accepting an offer, its states and the transitions between them.

use catalog::model::ids::{OrganizationId, PatentId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{LicenseId, ObligationId, OfferId, PaymentId};
use super::obligation::ObligationKind;
use super::terms::OfferTerms;

/// The state of a license. trial → active or exited; active → terminated or expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LicenseState {
    /// 试用中 (先用后付)
    Trial,
    /// 有效
    Active,
    /// 试用期退出
    Exited,
    /// 已终止
    Terminated,
    /// 期限届满
    Expired,
}

impl LicenseState {
    pub const ALL: [LicenseState; 5] = [Self::Trial, Self::Active, Self::Exited, Self::Terminated, Self::Expired];

    pub fn code(self) -> &'static str {
        match self {
            Self::Trial => "trial",
            Self::Active => "active",
            Self::Exited => "exited",
            Self::Terminated => "terminated",
            Self::Expired => "expired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Trial => "试用中",
            Self::Active => "有效",
            Self::Exited => "试用期退出",
            Self::Terminated => "已终止",
            Self::Expired => "期限届满",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.code() == raw)
    }

    /// Trial and active licenses are live: the licensee may use the patent.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Trial | Self::Active)
    }
}

/// A transition asked for by a party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Confirm,
    Exit,
    Terminate,
}

impl Transition {
    pub fn code(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Exit => "exit",
            Self::Terminate => "terminate",
        }
    }

    /// The state after the transition, or `None` when it does not apply to `from`.
    pub fn target(self, from: LicenseState) -> Option<LicenseState> {
        match (self, from) {
            (Self::Confirm, LicenseState::Trial) => Some(LicenseState::Active),
            (Self::Exit, LicenseState::Trial) => Some(LicenseState::Exited),
            (Self::Terminate, LicenseState::Active) => Some(LicenseState::Terminated),
            _ => None,
        }
    }
}

/// Money of a license, in fen, as of today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseAmounts {
    /// Sum of every obligation derived so far.
    pub contracted_fen: i64,
    pub paid_fen: i64,
    pub outstanding_fen: i64,
    /// Outstanding past due date plus the grace period.
    pub overdue_fen: i64,
}

/// A license (实施许可) from an open-license offer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct License {
    pub id: LicenseId,
    pub offer_id: OfferId,
    pub offer_version: u32,
    pub patent_id: PatentId,
    pub publication_number: String,
    pub patent_title: String,
    /// The patentee.
    pub licensor_organization_id: OrganizationId,
    pub licensor_name: String,
    pub licensee_organization_id: OrganizationId,
    pub licensee_name: String,
    pub state: LicenseState,
    pub state_label: &'static str,
    /// The accepted terms, as published in `offer_version`.
    pub terms: OfferTerms,
    pub payment_text: String,
    /// The written notice of acceptance (Patent Law Art. 51).
    pub notice: String,
    pub accepted_at: DateTime<Utc>,
    pub effective_on: NaiveDate,
    pub trial_ends_on: Option<NaiveDate>,
    pub free_until: Option<NaiveDate>,
    pub ends_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// Three months after the license takes effect.
    pub recordation_due_on: NaiveDate,
    pub recorded_on: Option<NaiveDate>,
    pub record_number: Option<String>,
    pub recordation_overdue: bool,
    pub amounts: LicenseAmounts,
}

/// One obligation of a license.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Obligation {
    pub id: ObligationId,
    pub license_id: LicenseId,
    pub key: String,
    pub kind: ObligationKind,
    pub description: String,
    pub accrues_from: NaiveDate,
    pub accrues_until: NaiveDate,
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    pub paid_fen: i64,
    pub outstanding_fen: i64,
    /// Unpaid after the due date plus the grace period.
    pub overdue: bool,
    /// The royalty report of this period is overdue; the minimum stands in for it.
    pub report_missing: bool,
}

/// A payment against one obligation.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub id: PaymentId,
    pub license_id: LicenseId,
    pub obligation_id: ObligationId,
    pub amount_fen: i64,
    pub paid_on: NaiveDate,
    pub reference: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A usage report for one royalty period.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageReport {
    pub license_id: LicenseId,
    pub period_index: u32,
    pub period_starts_on: NaiveDate,
    pub period_ends_before: NaiveDate,
    /// `net_sales` or `profit`, as the terms say.
    pub base: String,
    pub amount_fen: i64,
    pub reported_at: DateTime<Utc>,
}

/// A reminder the periodic job wrote for a license.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminder {
    pub license_id: LicenseId,
    /// `trial_ending`, `payment_due`, `payment_overdue`, `report_due`, `recordation_due`, `recordation_overdue`.
    pub kind: String,
    pub due_on: NaiveDate,
    pub message: String,
    pub created_at: DateTime<Utc>,
}
