//! Notifications pushed to organizations when matches appear.

use catalog::model::ids::PatentId;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::ids::{DemandId, NotificationId};

/// Why an organization is notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// To an enterprise: a newly published offer fits its open demand.
    OfferMatchesDemand,
    /// To a university: a newly posted demand fits its patents.
    DemandMatchesPatents,
    /// To a university: an enterprise gave feedback on its patent.
    FeedbackReceived,
}

impl NotificationKind {
    pub const ALL: [Self; 3] = [Self::OfferMatchesDemand, Self::DemandMatchesPatents, Self::FeedbackReceived];

    pub fn code(self) -> &'static str {
        match self {
            Self::OfferMatchesDemand => "offer_matches_demand",
            Self::DemandMatchesPatents => "demand_matches_patents",
            Self::FeedbackReceived => "feedback_received",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == raw)
    }
}

/// One notification.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: NotificationId,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub demand_id: Option<DemandId>,
    pub patent_id: Option<PatentId>,
    /// The match score that triggered it, in hundredths of a point.
    pub score: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}
