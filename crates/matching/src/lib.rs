//! # matching
//!
//! Owns SME technical demands (需求), the matching engine, the reverse direction (patent →
//! demands), notifications and structured feedback (design §5).
//!
//! The engine: the demand's key terms (jieba TF-IDF through `search`) retrieve candidates by
//! BM25 under the demand's hard conditions; a transparent re-rank ([`model::score`]) then weighs
//! text relevance, IPC and industry fit, region, offer in force, cost within budget, free-period
//! and trial preferences, grade, remaining term and the demand's own feedback, with weights from
//! configuration. The reverse direction scores open demands for a patent with the same features.
//!
//! Entry points: [`service::demands`] (post, read, list, edit; keeps the demand index current),
//! [`service::engine`] (matches of a demand), [`service::reverse`] (demands of a patent),
//! [`service::feedback`], [`service::notifications`] and [`service::push`].
//!
//! [`eval`] measures ranking quality against the plain BM25 baseline (`cargo run -p matching --bin match_eval`).
//!
//! Invariants:
//! - every ranked result carries its reasons, and the feature contributions sum to its score;
//! - a demand is visible and editable only by its organization (operators may read);
//! - a patent the demand marked not relevant never appears in its matches again;
//! - a notification is written at most once per organization and event (unique key);
//! - depends on `search`, `licensing` and `catalog` only, through their public functions.

pub mod error;
pub mod eval;
pub mod model;
pub mod service;
mod store;

pub use error::{Error, Result};
