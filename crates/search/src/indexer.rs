//! Following the catalog's change feed: each batch of feed entries becomes one index commit
//! that also records the feed position, so a restart resumes exactly where the index stands.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use catalog::Db;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::Organization;
use catalog::service::feed::{PatentChange, changes_after, changes_between};
use catalog::service::organizations::find_organization;
use catalog::service::patents::patents_by_ids;

use crate::document::{OfferFacts, document};
use crate::error::{Error, Result};
use crate::index::SearchIndex;

/// Where the offer facts of patents come from (the `licensing` crate, wired by the server).
pub trait OfferSource: Send + Sync {
    fn offers(&self, ids: &[PatentId]) -> impl Future<Output = Result<HashMap<PatentId, OfferFacts>>> + Send;
}

/// The offer source while no crate publishes offers: every patent has none.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoOffers;

impl OfferSource for NoOffers {
    async fn offers(&self, _ids: &[PatentId]) -> Result<HashMap<PatentId, OfferFacts>> {
        Ok(HashMap::new())
    }
}

/// How long a skipped hole keeps being re-read: long enough for the slowest transaction that
/// holds feed positions before it commits (a large import on PostgreSQL).
const HOLE_WATCH: Duration = Duration::from_secs(30 * 60);

/// A range of feed positions passed over while still empty.
#[derive(Debug)]
struct Hole {
    from: i64,
    to: i64,
    skipped_at: Instant,
    applied: BTreeSet<i64>,
}

/// Applies the feed to one index. Feed positions come from a database sequence; on PostgreSQL a
/// transaction can commit a later position before an earlier one, so a hole in the feed is
/// waited for (it is usually a transaction about to commit) and passed over only after
/// `gap_grace`, since the position of a rolled-back transaction never appears. A passed-over hole
/// is re-read on every poll for [`HOLE_WATCH`], and whatever commits into it is indexed then.
#[derive(Debug)]
pub struct Indexer {
    index: Arc<SearchIndex>,
    batch: u64,
    gap_grace: Duration,
    gap_seen: Option<(i64, Instant)>,
    holes: Vec<Hole>,
}

impl Indexer {
    pub fn new(index: Arc<SearchIndex>, batch: u64, gap_grace: Duration) -> Self {
        Self { index, batch, gap_grace, gap_seen: None, holes: Vec::new() }
    }

    /// Replaces the index followed (after a rebuild was swapped in).
    pub fn set_index(&mut self, index: Arc<SearchIndex>) {
        self.index = index;
        self.gap_seen = None;
    }

    /// Applies every available batch; returns how many feed entries were applied.
    pub async fn catch_up(&mut self, db: &Db, offers: &impl OfferSource) -> Result<u64> {
        let mut applied = self.fill_holes(db, offers).await?;
        loop {
            let after = self.index.applied_seq()?;
            let changes = changes_after(db, after, self.batch).await?;
            let ready = self.contiguous(after, &changes);
            if ready.is_empty() {
                return Ok(applied);
            }
            let last_seq = ready.last().map(|change| change.seq).unwrap_or(after);
            let count = ready.len() as u64;
            apply_batch(db, &self.index, offers, ready, last_seq).await?;
            applied += count;
        }
    }

    /// The entries that can be applied now: those up to the first hole, unless the hole has
    /// lasted longer than the grace period.
    fn contiguous(&mut self, after: i64, changes: &[PatentChange]) -> Vec<PatentChange> {
        let mut expected = after + 1;
        let mut ready = Vec::new();
        for change in changes {
            if change.seq != expected {
                let waited_long_enough = match self.gap_seen {
                    Some((seq, since)) if seq == expected => since.elapsed() >= self.gap_grace,
                    _ => {
                        self.gap_seen = Some((expected, Instant::now()));
                        false
                    }
                };
                if !waited_long_enough {
                    break;
                }
                tracing::warn!(missing_from = expected, next = change.seq, "passing over a change-feed hole");
                self.holes.push(Hole {
                    from: expected,
                    to: change.seq,
                    skipped_at: Instant::now(),
                    applied: BTreeSet::new(),
                });
                self.gap_seen = None;
            }
            ready.push(*change);
            expected = change.seq + 1;
        }
        ready
    }
}

impl Indexer {
    /// Indexes entries that have appeared in passed-over holes since; forgets old holes.
    async fn fill_holes(&mut self, db: &Db, offers: &impl OfferSource) -> Result<u64> {
        self.holes.retain(|hole| hole.skipped_at.elapsed() < HOLE_WATCH);
        let mut filled = 0;
        for position in 0..self.holes.len() {
            let (from, to) = (self.holes[position].from, self.holes[position].to);
            let late: Vec<PatentChange> = changes_between(db, from, to)
                .await?
                .into_iter()
                .filter(|change| !self.holes[position].applied.contains(&change.seq))
                .collect();
            if late.is_empty() {
                continue;
            }
            tracing::info!(from, to, entries = late.len(), "indexing changes that committed into a hole");
            let position_now = self.index.applied_seq()?;
            let seqs: Vec<i64> = late.iter().map(|change| change.seq).collect();
            filled += late.len() as u64;
            apply_batch(db, &self.index, offers, late, position_now).await?;
            self.holes[position].applied.extend(seqs);
        }
        Ok(filled)
    }
}

/// Indexes the patents of `changes` and commits them with `last_seq`.
async fn apply_batch(
    db: &Db,
    index: &Arc<SearchIndex>,
    offers: &impl OfferSource,
    changes: Vec<PatentChange>,
    last_seq: i64,
) -> Result<()> {
    let ids: Vec<PatentId> =
        changes.iter().map(|change| change.patent_id).collect::<BTreeSet<_>>().into_iter().collect();
    let patents = patents_by_ids(db, &ids).await?;
    let offers = offers.offers(&ids).await?;
    let mut organizations: HashMap<OrganizationId, Organization> = HashMap::new();
    for patent in &patents {
        if !organizations.contains_key(&patent.organization_id) {
            let organization = find_organization(db, patent.organization_id).await?;
            organizations.insert(organization.id, organization);
        }
    }
    let mut documents: HashMap<PatentId, Option<tantivy::TantivyDocument>> = ids.iter().map(|id| (*id, None)).collect();
    for patent in &patents {
        let organization = &organizations[&patent.organization_id];
        documents.insert(patent.id, Some(document(&index.fields, patent, organization, offers.get(&patent.id))));
    }
    let index = Arc::clone(index);
    tokio::task::spawn_blocking(move || index.apply(documents.into_iter().collect(), last_seq))
        .await
        .map_err(|error| Error::Index(format!("indexing task failed: {error}")))?
}
