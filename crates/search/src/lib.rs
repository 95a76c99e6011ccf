//! # search
//!
//! Owns the tantivy index of the catalog: the schema, the jieba-rs Chinese tokenizer (plus a
//! character tokenizer for exact phrases), the indexer that follows the catalog's change feed,
//! and queries with filters, facets, sorting and highlights.
//!
//! Matching uses [`index::SearchIndex::candidates`] (weighted key terms from
//! [`keywords::key_terms`]) and the in-memory [`demands::DemandIndex`] for the reverse direction.
//!
//! Entry points: [`index::SearchIndex::open`] (the only way to open an index),
//! [`indexer::Indexer::catch_up`], [`index::SearchIndex::search`], [`query::parse`].
//!
//! Invariants:
//! - the index is derived state: it can always be rebuilt from the database;
//! - every index commit records the change-feed position it reflects, so after a crash or a
//!   restart indexing resumes without loss or duplicates;
//! - `SearchIndex::open` registers the tokenizers on every open;
//! - search never opens a database connection; it reads through `catalog`'s public functions
//!   with the connection it is given;
//! - tantivy and jieba-rs appear in no other crate.

pub mod candidates;
pub mod demands;
pub mod document;
pub mod error;
pub mod eval;
pub mod highlight;
pub mod index;
pub mod indexer;
pub mod keywords;
pub mod query;
pub mod request;
pub mod schema;
pub mod search;
pub mod service;
pub mod tokenizer;

pub use error::{Error, Result};
