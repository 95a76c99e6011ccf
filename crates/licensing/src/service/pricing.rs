//! Pricing guidance for a patent: comparables on the platform (same IPC subclass, else class),
//! the income approach with the caller's inputs, the caps and national reference figures.

use std::collections::HashMap;

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::field_error::FieldErrors;
use catalog::model::ids::PatentId;
use catalog::model::organization::OrganizationKind;
use catalog::service::patents::patent as scoped_patent;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::pricing::{
    CAPS, Caps, IncomeApproach, IncomeInputs, MIN_COMPARABLES, REFERENCE_2022, Range, ReferenceStatistics,
    income_approach, range,
};
use crate::store::{license, offer};

/// Inputs of the income approach, from the query string.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct GuidanceInputs {
    pub annual_net_sales_fen: Option<i64>,
    pub profit_margin_bp: Option<i64>,
    pub technology_share_bp: Option<i64>,
    pub years: Option<i64>,
    pub discount_rate_bp: Option<i64>,
}

/// Figures from comparable offers and their licenses.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparables {
    /// `ipc_subclass`, `ipc_class` or `none` (too few on the platform yet).
    pub level: &'static str,
    /// The IPC subclass or class compared, e.g. `G06F`.
    pub ipc: Option<String>,
    pub offers: u64,
    pub licenses: u64,
    /// Lump sums and entry fees, in fen (each offer once, plus once per license it granted).
    pub fixed_fee_fen: Option<Range>,
    /// Royalty rates in basis points, on net sales.
    pub net_sales_royalty_bp: Option<Range>,
    /// Share of free offers among the comparables, in basis points.
    pub free_share_bp: u32,
}

/// The answer of `GET /patents/{id}/pricing-guidance`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricingGuidance {
    pub patent_id: PatentId,
    pub comparables: Comparables,
    /// Present when `annual_net_sales_fen` and `profit_margin_bp` were given.
    pub income_approach: Option<IncomeApproach>,
    pub caps: Caps,
    pub reference: ReferenceStatistics,
}

fn validated(inputs: &GuidanceInputs) -> Result<Option<IncomeInputs>> {
    let mut errors = FieldErrors::default();
    let mut check = |field: &str, value: Option<i64>, default: i64, max: i64| -> i64 {
        let value = value.unwrap_or(default);
        if !(0..=max).contains(&value) {
            errors.push(field, "out_of_range", format!("{field} 应在 0 到 {max} 之间"));
        }
        value
    };
    let sales = check("annual_net_sales_fen", inputs.annual_net_sales_fen, 0, 1_000_000_000_000_000);
    let margin = check("profit_margin_bp", inputs.profit_margin_bp, 0, 10_000);
    let share = check("technology_share_bp", inputs.technology_share_bp, 2_500, 10_000);
    let years = check("years", inputs.years, 5, 30);
    let rate = check("discount_rate_bp", inputs.discount_rate_bp, 1_000, 5_000);
    if !errors.is_empty() {
        return Err(Error::Validation(errors.into_vec()));
    }
    if inputs.annual_net_sales_fen.is_none() || inputs.profit_margin_bp.is_none() {
        return Ok(None);
    }
    Ok(Some(IncomeInputs {
        annual_net_sales_fen: sales,
        profit_margin_bp: margin as u32,
        technology_share_bp: share as u32,
        years: years as u32,
        discount_rate_bp: rate as u32,
    }))
}

async fn comparables(db: &Db, patent_id: PatentId, main_ipc: Option<&str>) -> Result<Comparables> {
    let levels = [("ipc_subclass", offer::Column::IpcSubclass, 4), ("ipc_class", offer::Column::IpcClass, 3)];
    for (level, column, length) in levels {
        let Some(ipc) = main_ipc.map(|ipc| ipc.chars().take(length).collect::<String>()) else { break };
        let rows = offer::Entity::find()
            .filter(column.eq(ipc.as_str()))
            .filter(offer::Column::PatentId.ne(patent_id.0))
            // A revision replaces its predecessor: only a patent's latest version is comparable.
            .filter(offer::Column::Status.ne("superseded"))
            .limit(5_000)
            .all(db)
            .await?;
        if rows.len() < MIN_COMPARABLES {
            continue;
        }
        let mut license_counts: HashMap<uuid::Uuid, u64> = HashMap::new();
        let ids: Vec<uuid::Uuid> = rows.iter().map(|row| row.id).collect();
        for chunk in ids.chunks(500) {
            let offer_ids: Vec<uuid::Uuid> = license::Entity::find()
                .select_only()
                .column(license::Column::OfferId)
                .filter(license::Column::OfferId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(db)
                .await?;
            for offer_id in offer_ids {
                *license_counts.entry(offer_id).or_default() += 1;
            }
        }
        let mut fixed = Vec::new();
        let mut royalty = Vec::new();
        let mut free = 0u64;
        let mut total = 0u64;
        for row in &rows {
            let weight = 1 + license_counts.get(&row.id).copied().unwrap_or(0);
            total += weight;
            if row.fee_model == "free" {
                free += weight;
            }
            for _ in 0..weight {
                if row.fixed_fen > 0 {
                    fixed.push(row.fixed_fen);
                }
                if row.royalty_bp > 0 && row.royalty_base.as_deref() == Some("net_sales") {
                    royalty.push(i64::from(row.royalty_bp));
                }
            }
        }
        return Ok(Comparables {
            level,
            ipc: Some(ipc),
            offers: rows.len() as u64,
            licenses: license_counts.values().sum(),
            fixed_fee_fen: range(fixed),
            net_sales_royalty_bp: range(royalty),
            free_share_bp: (free * 10_000 / total.max(1)) as u32,
        });
    }
    Ok(Comparables {
        level: "none",
        ipc: None,
        offers: 0,
        licenses: 0,
        fixed_fee_fen: None,
        net_sales_royalty_bp: None,
        free_share_bp: 0,
    })
}

/// Pricing guidance for the owning university or an operator.
pub async fn guidance(db: &Db, actor: &Actor, patent_id: PatentId, inputs: &GuidanceInputs) -> Result<PricingGuidance> {
    if actor.kind == OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "see pricing guidance" });
    }
    let income = validated(inputs)?;
    let patent = scoped_patent(db, actor, patent_id).await?;
    let main_ipc = patent.ipc_codes.first().map(|code| code.as_str().to_string());
    Ok(PricingGuidance {
        patent_id,
        comparables: comparables(db, patent_id, main_ipc.as_deref()).await?,
        income_approach: income.map(income_approach),
        caps: CAPS,
        reference: REFERENCE_2022,
    })
}
