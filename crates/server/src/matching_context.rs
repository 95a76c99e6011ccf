//! What matching routes need, shared by every worker: the database, the patent index (whichever
//! generation is current), the demand index, the settings and the clock.

use std::sync::Arc;
use std::time::Duration;

use matching::model::settings::MatchingSettings;
use matching::service::Matcher;
use sea_orm::DatabaseConnection;
use search::demands::DemandIndex;
use search::index::SearchIndex;
use search::service::SearchService;

use crate::clock::Clock;

/// How often the demand index picks up demands written by other server instances.
const DEMAND_SYNC_INTERVAL: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct MatchingContext {
    pub db: DatabaseConnection,
    pub search: Arc<SearchService>,
    pub demands: Arc<DemandIndex>,
    pub settings: MatchingSettings,
    pub clock: Arc<Clock>,
}

impl MatchingContext {
    /// The patent index searches run on now; hold it while a [`Matcher`] borrows it.
    pub fn patent_index(&self) -> Arc<SearchIndex> {
        self.search.index()
    }

    pub fn matcher<'a>(&'a self, patents: &'a SearchIndex) -> Matcher<'a> {
        Matcher {
            db: &self.db,
            patents,
            demands: &self.demands,
            boosts: self.search.boosts(),
            settings: &self.settings,
            today: self.clock.today(),
        }
    }
}

/// Loads every demand into the index, then keeps picking up changes. Errors are logged and
/// retried on the next tick.
pub async fn follow_demands(db: DatabaseConnection, index: Arc<DemandIndex>) {
    let mut since = None;
    let mut interval = tokio::time::interval(DEMAND_SYNC_INTERVAL);
    loop {
        interval.tick().await;
        match matching::service::demands::sync_index(&db, &index, since).await {
            Ok(next) => since = Some(next),
            Err(error) => tracing::warn!(%error, "syncing the demand index failed; retrying"),
        }
    }
}
