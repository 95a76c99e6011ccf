//! Follow-up lists for operators and universities: what needs chasing today.

use catalog::model::ids::{OrganizationId, PatentId};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// Which follow-up list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpList {
    /// Live licenses past their recordation deadline (3 months) without a recordation.
    OverdueRecordations,
    /// Obligations unpaid past their due date plus the grace period.
    OverduePayments,
    /// Trials (先用后付) ending within the coming days.
    TrialsEnding,
}

impl FollowUpList {
    pub const ALL: [FollowUpList; 3] = [Self::OverdueRecordations, Self::OverduePayments, Self::TrialsEnding];

    pub fn code(self) -> &'static str {
        match self {
            Self::OverdueRecordations => "overdue_recordations",
            Self::OverduePayments => "overdue_payments",
            Self::TrialsEnding => "trials_ending",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|list| list.code() == raw)
    }
}

/// One line of a follow-up list: the license it concerns and the deadline that was or will be missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub license_id: Uuid,
    pub patent_id: PatentId,
    pub publication_number: String,
    pub patent_title: String,
    pub licensor_organization_id: OrganizationId,
    pub licensor_name: String,
    pub licensee_organization_id: OrganizationId,
    pub licensee_name: String,
    /// The recordation deadline, the obligation's due date or the trial's end.
    pub due_on: NaiveDate,
    /// Days past `due_on` (negative: days left).
    pub days_overdue: i64,
    /// Overdue payments only: the obligation and what remains unpaid.
    pub obligation_id: Option<Uuid>,
    pub outstanding_fen: Option<i64>,
}

/// The matching-feedback summary over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackSummary {
    /// Demands posted within the period.
    pub demands: i64,
    /// Of those, demands whose enterprise gave feedback on at least one match.
    pub demands_with_feedback: i64,
    /// demands with feedback / demands, in basis points (truncated).
    pub feedback_rate_bp: Option<i64>,
    /// Feedback given within the period (one per demand and patent).
    pub feedback: i64,
    pub relevant: i64,
    /// relevant / feedback, in basis points (truncated).
    pub relevant_share_bp: Option<i64>,
    /// Feedback by cooperation intent code.
    pub cooperation_intents: std::collections::BTreeMap<String, i64>,
}
