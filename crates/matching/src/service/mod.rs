//! Matching operations.

pub mod demands;
pub mod engine;
pub mod facts;
pub mod feedback;
pub mod notifications;
pub mod push;
pub mod reverse;
mod support;

use catalog::Db;
use chrono::NaiveDate;
use search::demands::DemandIndex;
use search::index::SearchIndex;
use search::search::Boosts;

use crate::model::settings::MatchingSettings;

/// Everything a matching operation reads: the database, both indexes, the settings and today.
#[derive(Debug, Clone, Copy)]
pub struct Matcher<'a> {
    pub db: &'a Db,
    pub patents: &'a SearchIndex,
    pub demands: &'a DemandIndex,
    pub boosts: &'a Boosts,
    pub settings: &'a MatchingSettings,
    pub today: NaiveDate,
}
