//! # search
//!
//! Will own the tantivy index of the catalog: its schema, the jieba-rs Chinese tokenizer, the
//! indexer that tails the catalog's change feed, queries, filters, facets and highlights
//! (issue: Chinese full-text search). Empty until that issue lands.
//!
//! Invariants (to hold from the first line of code):
//! - the index is derived state: it is rebuilt from the database, never the other way round;
//! - search never opens a database connection of its own; it reads the catalog through the
//!   catalog's public functions (`catalog::service::feed`, `catalog::service::patents`);
//! - one entry point opens an index and registers the tokenizer, so a reopened index cannot lose it;
//! - tantivy and jieba-rs appear in no other crate.
