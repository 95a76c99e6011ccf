//! What published offers cost over a licensee's first years, for matching a demand's budget.

use std::collections::HashMap;

use catalog::Db;
use catalog::model::ids::PatentId;
use catalog::model::patent::Patent;
use catalog::service::patents::patents_by_ids;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::offers::{suspension, terms_of};
use crate::error::Result;
use crate::model::ids::OfferId;
use crate::model::projection::project;
use crate::store::offer;

/// A published offer's cost facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferCost {
    pub offer_id: OfferId,
    /// Published and the patent eligible today.
    pub in_force: bool,
    /// `free`, `lump_sum`, `royalty` or `entry_fee_royalty`.
    pub fee_model: String,
    pub fee_model_label: &'static str,
    pub free_months: u32,
    pub trial_months: u32,
    /// Royalty rate in basis points, 0 when none.
    pub royalty_bp: u32,
    /// Fixed amounts and minimums falling in the first `years` license years from today (fen);
    /// royalties on sales come on top.
    pub fixed_cost_fen: i64,
}

/// The published offers of `ids` (patents without one are absent), their fixed cost counted
/// over the first `years` years of a license accepted `today`.
pub async fn offer_costs(
    db: &Db,
    ids: &[PatentId],
    today: NaiveDate,
    years: u32,
) -> Result<HashMap<PatentId, OfferCost>> {
    let mut costs = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = published_rows(db, chunk.iter().copied()).await?;
        if rows.is_empty() {
            continue;
        }
        let patent_ids: Vec<PatentId> = rows.iter().map(|row| PatentId(row.patent_id)).collect();
        let patents: HashMap<PatentId, Patent> =
            patents_by_ids(db, &patent_ids).await?.into_iter().map(|patent| (patent.id, patent)).collect();
        for row in rows {
            let Some(patent) = patents.get(&PatentId(row.patent_id)) else { continue };
            let in_force = suspension(&row, patent, today).is_empty();
            costs.insert(patent.id, cost(&row, in_force, patent.expiry_date, today, years)?);
        }
    }
    Ok(costs)
}

/// What a caller (the search index) already knows of a patent: its expiry, and whether its
/// offer was in force when last computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownPatent {
    pub id: PatentId,
    pub expiry_date: Option<NaiveDate>,
    pub in_force: bool,
}

/// [`offer_costs`] without reading the patents: the offer rows decide which version is published
/// and what it costs; whether it is in force comes from the caller. For ranking many candidates.
pub async fn published_costs(
    db: &Db,
    patents: &[KnownPatent],
    today: NaiveDate,
    years: u32,
) -> Result<HashMap<PatentId, OfferCost>> {
    let known: HashMap<PatentId, KnownPatent> = patents.iter().map(|patent| (patent.id, *patent)).collect();
    let mut costs = HashMap::new();
    for chunk in patents.chunks(500) {
        for row in published_rows(db, chunk.iter().map(|patent| patent.id)).await? {
            let Some(patent) = known.get(&PatentId(row.patent_id)) else { continue };
            costs.insert(patent.id, cost(&row, patent.in_force, patent.expiry_date, today, years)?);
        }
    }
    Ok(costs)
}

async fn published_rows(db: &Db, ids: impl Iterator<Item = PatentId>) -> Result<Vec<offer::Model>> {
    Ok(offer::Entity::find().filter(offer::Column::PublishedKey.is_in(ids.map(|id| id.0))).all(db).await?)
}

fn cost(
    row: &offer::Model,
    in_force: bool,
    expiry_date: Option<NaiveDate>,
    today: NaiveDate,
    years: u32,
) -> Result<OfferCost> {
    let terms = terms_of(row)?;
    let projection = project(&terms, today, expiry_date, 0, 0);
    Ok(OfferCost {
        offer_id: OfferId(row.id),
        in_force,
        fee_model: row.fee_model.clone(),
        fee_model_label: terms.fee.label(),
        free_months: terms.free_months,
        trial_months: terms.trial_months(),
        royalty_bp: row.royalty_bp.max(0) as u32,
        fixed_cost_fen: projection.years.iter().take(years as usize).map(|year| year.cost_fen).sum(),
    })
}
