//! A published offer version as the API shows it.

use catalog::model::eligibility::RuleFailure;
use catalog::model::ids::{OrganizationId, PatentId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::OfferId;
use super::input::PricingBasis;
use super::terms::OfferTerms;

/// Where an offer version stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    /// 已发布: the current version; accepts licenses unless suspended.
    Published,
    /// 已被新版本替代
    Superseded,
    /// 已撤回
    Withdrawn,
}

impl OfferStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Superseded => "superseded",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Published, Self::Superseded, Self::Withdrawn].into_iter().find(|status| status.code() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Published => "已发布",
            Self::Superseded => "已被新版本替代",
            Self::Withdrawn => "已撤回",
        }
    }
}

/// One version of an open-license offer (开放许可声明).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: OfferId,
    pub patent_id: PatentId,
    pub publication_number: String,
    pub patent_title: String,
    /// The patentee (专利权人) organization.
    pub organization_id: OrganizationId,
    pub patentee_name: String,
    pub version: u32,
    pub status: OfferStatus,
    pub status_label: &'static str,
    /// Published and the patent eligible today: new licenses can be granted.
    pub in_force: bool,
    /// Published but the patent fails an eligibility rule: no new licenses until it passes again.
    pub suspended: bool,
    pub suspension_reasons: Vec<RuleFailure>,
    pub terms: OfferTerms,
    pub fee_model_label: &'static str,
    /// 许可使用费支付方式和标准, rendered from `terms`.
    pub payment_text: String,
    /// What a licensee pays in the first year whatever its sales (fixed amounts and minimums), in fen.
    pub first_year_fixed_cost_fen: i64,
    /// Shown to the patentee and operators only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_basis: Option<PricingBasis>,
    pub published_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub superseded_at: Option<DateTime<Utc>>,
}
