//! Feeds licensing's offer facts to the search indexer (search cannot depend on licensing).

use std::collections::HashMap;
use std::sync::Arc;

use catalog::model::ids::PatentId;
use sea_orm::DatabaseConnection;
use search::document::OfferFacts;
use search::indexer::OfferSource;

use crate::clock::Clock;

/// The published offers of patents, as the index shows them.
#[derive(Debug, Clone)]
pub struct LicensingOffers {
    db: DatabaseConnection,
    clock: Arc<Clock>,
}

impl LicensingOffers {
    pub fn new(db: DatabaseConnection, clock: Arc<Clock>) -> Self {
        Self { db, clock }
    }
}

fn search_error(error: licensing::Error) -> search::Error {
    match error {
        licensing::Error::Catalog(inner) => search::Error::Catalog(inner),
        licensing::Error::Storage(inner) => search::Error::Catalog(catalog::Error::Storage(inner)),
        other => search::Error::Catalog(catalog::Error::Storage(sea_orm::DbErr::Custom(other.to_string()))),
    }
}

impl OfferSource for LicensingOffers {
    async fn offers(&self, ids: &[PatentId]) -> search::Result<HashMap<PatentId, OfferFacts>> {
        let facts =
            licensing::service::offers::search_facts(&self.db, ids, self.clock.today()).await.map_err(search_error)?;
        Ok(facts
            .into_iter()
            .map(|(id, facts)| {
                let offer = OfferFacts {
                    in_force: facts.in_force,
                    fee_model: facts.fee_model,
                    free_months: facts.free_months,
                    trial_months: facts.trial_months,
                    first_year_cost_fen: facts.first_year_cost_fen,
                    royalty_bp: facts.royalty_bp,
                };
                (id, offer)
            })
            .collect())
    }
}
