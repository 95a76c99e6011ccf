//! The acceptance funnel: from a patent's detail page to the first payment.

use serde::Serialize;

use super::period::Period;

/// Counts of each funnel step within a period. Views come from the server's activity events;
/// the license steps from the licenses and payments themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelFigures {
    /// Patent detail pages viewed by enterprises.
    pub patent_views: i64,
    /// Offer pages viewed by anyone but the patentee and operators.
    pub offer_views: i64,
    /// Licenses accepted.
    pub accepts: i64,
    /// Trials (先用后付) that became active: confirmed, or ended without an exit.
    pub trials_confirmed: i64,
    /// Licenses that became active (at acceptance, or when their trial ended).
    pub licenses_active: i64,
    /// Licenses whose first payment was made.
    pub first_payments: i64,
}

/// One funnel row: a group (or the total) and its step counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelRow {
    pub key: Option<String>,
    pub label: String,
    pub period: Period,
    #[serde(flatten)]
    pub figures: FunnelFigures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelReport {
    pub period: Period,
    pub group_by: Option<&'static str>,
    pub total: FunnelRow,
    pub groups: Vec<FunnelRow>,
}

/// What a recorded activity event was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    PatentView,
    OfferView,
}

impl ActivityKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::PatentView => "patent_view",
            Self::OfferView => "offer_view",
        }
    }
}
