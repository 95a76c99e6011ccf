//! The search service a server runs: the current index generation, the loop that follows the
//! change feed, and rebuilds that swap a fresh generation in atomically.
//!
//! Layout under the index root: one directory per generation and a `CURRENT` file naming the
//! one in use. A rebuild writes a new generation, then replaces `CURRENT` by rename (atomic), and
//! the running service notices, opens it and drops the old one; searches keep working throughout.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use catalog::Db;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::Organization;
use catalog::service::feed::latest_seq;
use catalog::service::organizations::find_organization;
use catalog::service::patents::{patent_count, patents_after};
use chrono::NaiveDate;
use jieba_rs::Jieba;
use serde::Serialize;

use crate::document::document;
use crate::error::{Error, Result};
use crate::index::{REBUILD_MEMORY_BYTES, SearchIndex};
use crate::indexer::{Indexer, OfferSource};
use crate::request::SearchRequest;
use crate::search::{Boosts, SearchResults};
use crate::tokenizer::segmenter;

const POINTER: &str = "CURRENT";

/// What the service needs to know, from the server's configuration.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// Directory holding the index generations.
    pub root: PathBuf,
    /// The domain dictionary's text (jieba format), if any.
    pub user_dictionary: Option<String>,
    pub boosts: Boosts,
    /// Feed entries applied per index commit.
    pub batch_size: u64,
    /// Pause between feed polls when there is nothing to apply.
    pub poll_interval: Duration,
    /// How long a hole in the feed is waited for before it is skipped.
    pub gap_grace: Duration,
}

/// Where the index stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndexStatus {
    pub generation: String,
    pub documents: u64,
    /// Last change-feed position applied.
    pub applied_seq: i64,
}

struct Generation {
    name: String,
    index: Arc<SearchIndex>,
}

/// The running service.
pub struct SearchService {
    config: SearchConfig,
    jieba: Arc<Jieba>,
    current: RwLock<Generation>,
}

impl std::fmt::Debug for SearchService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchService").field("root", &self.config.root).finish_non_exhaustive()
    }
}

fn read_pointer(root: &Path) -> Option<String> {
    std::fs::read_to_string(root.join(POINTER)).ok().map(|name| name.trim().to_string()).filter(|name| !name.is_empty())
}

fn write_pointer(root: &Path, generation: &str) -> Result<()> {
    let temporary = root.join(format!("{POINTER}.tmp"));
    std::fs::write(&temporary, generation).map_err(|error| Error::Io(temporary.clone(), error))?;
    std::fs::rename(&temporary, root.join(POINTER)).map_err(|error| Error::Io(root.join(POINTER), error))
}

fn new_generation_name() -> String {
    format!("gen-{}", chrono::Utc::now().format("%Y%m%d%H%M%S%f"))
}

/// Builds the segmenter with the domain dictionary.
pub fn jieba_for(config: &SearchConfig) -> Result<Arc<Jieba>> {
    let jieba = segmenter(config.user_dictionary.as_deref())
        .map_err(|error| Error::Index(format!("cannot load the search dictionary: {error}")))?;
    Ok(Arc::new(jieba))
}

impl SearchService {
    /// Opens the current generation, creating the first one on a new root.
    pub fn open(config: SearchConfig) -> Result<Self> {
        std::fs::create_dir_all(&config.root).map_err(|error| Error::Io(config.root.clone(), error))?;
        let jieba = jieba_for(&config)?;
        let name = match read_pointer(&config.root) {
            Some(name) => name,
            None => {
                let name = new_generation_name();
                write_pointer(&config.root, &name)?;
                name
            }
        };
        let index = Arc::new(SearchIndex::open(&config.root.join(&name), Arc::clone(&jieba))?);
        Ok(Self { config, jieba, current: RwLock::new(Generation { name, index }) })
    }

    /// The index searches run on now.
    pub fn index(&self) -> Arc<SearchIndex> {
        self.current
            .read()
            .map(|generation| Arc::clone(&generation.index))
            .unwrap_or_else(|poisoned| Arc::clone(&poisoned.into_inner().index))
    }

    pub fn search(&self, request: &SearchRequest, today: NaiveDate) -> Result<SearchResults> {
        self.index().search(request, &self.config.boosts, today)
    }

    /// A new, empty index of open demands sharing this service's segmenter.
    pub fn new_demand_index(&self) -> Result<crate::demands::DemandIndex> {
        crate::demands::DemandIndex::new(Arc::clone(&self.jieba))
    }

    /// The field weights searches and matching rank with.
    pub fn boosts(&self) -> &Boosts {
        &self.config.boosts
    }

    pub fn status(&self) -> Result<IndexStatus> {
        let generation = self.current.read().map_err(|_| Error::Index("search state poisoned".into()))?;
        Ok(IndexStatus {
            generation: generation.name.clone(),
            documents: generation.index.document_count(),
            applied_seq: generation.index.applied_seq()?,
        })
    }

    /// Opens a generation a rebuild has published; returns whether one was swapped in.
    pub fn swap_if_rebuilt(&self) -> Result<bool> {
        let Some(published) = read_pointer(&self.config.root) else {
            return Ok(false);
        };
        let current_name = self.current.read().map(|generation| generation.name.clone()).unwrap_or_default();
        if published == current_name {
            return Ok(false);
        }
        let index = Arc::new(SearchIndex::open(&self.config.root.join(&published), Arc::clone(&self.jieba))?);
        let old = {
            let mut current = self.current.write().map_err(|_| Error::Index("search state poisoned".into()))?;
            std::mem::replace(&mut *current, Generation { name: published.clone(), index })
        };
        tracing::info!(generation = %published, "swapped in a rebuilt search index");
        // Searches still holding the old index keep their open files; the directory can go.
        drop(old.index);
        let _ = std::fs::remove_dir_all(self.config.root.join(&old.name));
        Ok(true)
    }

    /// Follows the change feed forever: applies what is new, picks up rebuilt generations,
    /// and sleeps `poll_interval` when idle. Errors are logged and retried.
    pub async fn follow(self: Arc<Self>, db: Db, offers: impl OfferSource) {
        let mut indexer = Indexer::new(self.index(), self.config.batch_size, self.config.gap_grace);
        loop {
            match self.swap_if_rebuilt() {
                Ok(true) => indexer.set_index(self.index()),
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "cannot open the rebuilt search index"),
            }
            match indexer.catch_up(&db, &offers).await {
                Ok(0) => tokio::time::sleep(self.config.poll_interval).await,
                Ok(applied) => tracing::debug!(applied, "search index caught up"),
                Err(error) => {
                    tracing::warn!(%error, "search indexing failed; retrying");
                    tokio::time::sleep(self.config.poll_interval * 10).await;
                }
            }
        }
    }
}

/// What a rebuild did.
#[derive(Debug, Clone, Serialize)]
pub struct RebuildReport {
    pub generation: String,
    pub documents: u64,
    pub applied_seq: i64,
}

/// Rebuilds the whole index from the database into a new generation and publishes it.
/// `progress(done, total)` is called after each batch. The feed position is read before the
/// patents, so changes made during the rebuild are applied afterwards by the follower.
pub async fn rebuild(
    config: &SearchConfig,
    db: &Db,
    offers: &impl OfferSource,
    progress: &(dyn Fn(u64, u64) + Send + Sync),
) -> Result<RebuildReport> {
    std::fs::create_dir_all(&config.root).map_err(|error| Error::Io(config.root.clone(), error))?;
    let jieba = jieba_for(config)?;
    let generation = new_generation_name();
    let index = Arc::new(SearchIndex::open_with_memory(&config.root.join(&generation), jieba, REBUILD_MEMORY_BYTES)?);
    let position = latest_seq(db).await?;
    let total = patent_count(db).await?;
    let mut done = 0;
    let mut after: Option<PatentId> = None;
    let mut organizations: std::collections::HashMap<OrganizationId, Organization> = Default::default();
    loop {
        let patents = patents_after(db, after, config.batch_size.max(1)).await?;
        let Some(last) = patents.last() else {
            break;
        };
        after = Some(last.id);
        let ids: Vec<PatentId> = patents.iter().map(|patent| patent.id).collect();
        let offers = offers.offers(&ids).await?;
        let mut documents = Vec::with_capacity(patents.len());
        for patent in &patents {
            if !organizations.contains_key(&patent.organization_id) {
                let organization = find_organization(db, patent.organization_id).await?;
                organizations.insert(organization.id, organization);
            }
            let organization = &organizations[&patent.organization_id];
            documents.push(document(&index.fields, patent, organization, offers.get(&patent.id)));
        }
        done += documents.len() as u64;
        // The writer's threads tokenize and index while the next page is read from the database.
        index.stage(documents)?;
        progress(done, total);
    }
    // One commit publishes everything with the position read before the first page; an
    // interrupted rebuild commits nothing and is never published.
    let committing = Arc::clone(&index);
    tokio::task::spawn_blocking(move || committing.apply(Vec::new(), position))
        .await
        .map_err(|error| Error::Index(format!("indexing task failed: {error}")))??;
    let report =
        RebuildReport { generation: generation.clone(), documents: index.document_count(), applied_seq: position };
    drop(index);
    write_pointer(&config.root, &generation)?;
    Ok(report)
}
