//! Opening an index: the one place that registers the tokenizers, so a reopened index can never
//! lose them. Also the writer, the reader and the applied feed position kept in each commit.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use catalog::model::ids::PatentId;
use jieba_rs::Jieba;
use tantivy::directory::MmapDirectory;
use tantivy::{Executor, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::schema::{self, Fields};
use crate::tokenizer::{CHARS, CharTokenizer, WORDS, WordTokenizer};

/// Memory the writer may buffer before flushing a segment: enough for the follower's batches.
const WRITER_MEMORY_BYTES: usize = 128 * 1024 * 1024;
/// A rebuild writes everything at once; a larger buffer means fewer, larger segments to merge.
pub const REBUILD_MEMORY_BYTES: usize = 512 * 1024 * 1024;

/// An open index with its reader and writer.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub(crate) fields: Fields,
    pub(crate) words: WordTokenizer,
    directory: PathBuf,
    /// The feed position searches can see: set only after the reader has reloaded.
    searchable_seq: AtomicI64,
    /// Searches running now.
    in_flight: AtomicUsize,
    sequential: Executor,
}

/// Counts a running search for as long as it lives.
pub(crate) struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("directory", &self.directory).finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `directory`, creating it when empty, and registers the tokenizers.
    pub fn open(directory: &Path, jieba: Arc<Jieba>) -> Result<Self> {
        Self::open_with_memory(directory, jieba, WRITER_MEMORY_BYTES)
    }

    /// [`Self::open`] with the writer's memory budget in bytes.
    pub fn open_with_memory(directory: &Path, jieba: Arc<Jieba>, writer_memory: usize) -> Result<Self> {
        std::fs::create_dir_all(directory).map_err(|error| Error::Io(directory.to_path_buf(), error))?;
        let (schema, fields) = schema::build();
        let mmap = MmapDirectory::open(directory).map_err(|error| Error::Index(error.to_string()))?;
        let mut index = Index::open_or_create(mmap, schema)?;
        // One thread per core for searching segments in parallel; `search` uses it only while
        // no other search is running (see `SearchIndex::executor`).
        index.set_default_multithread_executor()?;
        let words = WordTokenizer::new(jieba);
        index.tokenizers().register(WORDS, words.clone());
        index.tokenizers().register(CHARS, CharTokenizer);
        let writer = index.writer(writer_memory)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let committed = Self::committed_seq(&index)?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            words,
            directory: directory.to_path_buf(),
            searchable_seq: AtomicI64::new(committed),
            in_flight: AtomicUsize::new(0),
            sequential: Executor::single_thread(),
        })
    }

    /// Registers a running search; returns its guard and whether it runs alone.
    pub(crate) fn enter_search(&self) -> (InFlight<'_>, bool) {
        let before = self.in_flight.fetch_add(1, Ordering::AcqRel);
        (InFlight(&self.in_flight), before == 0)
    }

    /// The executor for a search: segments in parallel when the search runs alone (lowest
    /// latency on an idle server), one after another when others run too (no hand-off cost
    /// when the cores are busy anyway; measured: parallel lost ~30% throughput at 8 clients).
    pub(crate) fn executor(&self, alone: bool) -> &Executor {
        if alone { self.index.search_executor() } else { &self.sequential }
    }

    fn committed_seq(index: &Index) -> Result<i64> {
        let metas = index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|payload| payload.parse().ok()).unwrap_or(0))
    }

    /// The last change-feed position this index has applied and made searchable (0 for a new
    /// index). After a restart it is the position stored in the last commit.
    pub fn applied_seq(&self) -> Result<i64> {
        Ok(self.searchable_seq.load(Ordering::Acquire))
    }

    /// Replaces the documents of `changes` (a `None` document deletes) and commits them together
    /// with the feed position `seq`, so the position and the documents are durable as one.
    pub fn apply(&self, changes: Vec<(PatentId, Option<TantivyDocument>)>, seq: i64) -> Result<()> {
        let mut writer = self.writer.lock().map_err(|_| Error::Index("index writer poisoned".into()))?;
        for (id, document) in changes {
            writer.delete_term(Term::from_field_text(self.fields.id, &id.to_string()));
            if let Some(document) = document {
                writer.add_document(document)?;
            }
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&seq.to_string());
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.searchable_seq.store(seq, Ordering::Release);
        Ok(())
    }

    /// Queues documents for the next commit without deleting anything first: for filling a new,
    /// empty index (rebuilds, evaluation corpora). Nothing is visible until [`Self::apply`] commits.
    pub fn stage(&self, documents: Vec<TantivyDocument>) -> Result<()> {
        let writer = self.writer.lock().map_err(|_| Error::Index("index writer poisoned".into()))?;
        for document in documents {
            writer.add_document(document)?;
        }
        Ok(())
    }

    /// Adds documents that are not catalog patents (evaluation corpora) and commits them.
    pub fn add_raw(&self, documents: Vec<TantivyDocument>) -> Result<()> {
        self.stage(documents)?;
        let seq = self.applied_seq()?;
        self.apply(Vec::new(), seq)
    }

    /// The field handles, for building documents.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// Number of searchable documents.
    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}
