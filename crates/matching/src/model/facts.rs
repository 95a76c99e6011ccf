//! What matching knows about a patent: catalog facts, its university, and its offer's cost.

use catalog::model::ids::{OrganizationId, PatentId};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// A published offer as matching weighs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferFacts {
    pub offer_id: Uuid,
    /// Published and the patent eligible today.
    pub in_force: bool,
    pub fee_model: String,
    pub fee_model_label: String,
    pub free_months: u32,
    pub trial_months: u32,
    pub royalty_bp: u32,
    /// Fixed payments over the demand's budget years, fen.
    pub fixed_cost_fen: i64,
}

/// A patent as a match shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatentFacts {
    pub id: PatentId,
    pub publication_number: String,
    pub title: String,
    pub ipc_codes: Vec<String>,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub region_code: String,
    pub region_name: String,
    /// The university's declared industries (GB/T 4754-2017).
    pub industry_codes: Vec<String>,
    pub grade: Option<String>,
    pub expiry_date: Option<NaiveDate>,
    pub offer: Option<OfferFacts>,
}

impl PatentFacts {
    /// The offer when it takes licenses today.
    pub fn offer_in_force(&self) -> Option<&OfferFacts> {
        self.offer.as_ref().filter(|offer| offer.in_force)
    }
}
