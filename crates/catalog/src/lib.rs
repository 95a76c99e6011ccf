//! # catalog
//!
//! Owns organizations, patents, legal-status events, eligibility, grading (value score),
//! bulk import and the patent change feed that the search index follows.
//!
//! Entry points: [`service::organizations`], [`service::patents`], [`service::events`],
//! [`service::import`] with [`import::parse`], and [`service::feed`].
//!
//! Invariants:
//! - every stored publication number, IPC code, region and industry code passed validation;
//! - a patent's legal state (status, grant date, encumbrances) changes only through recorded
//!   events, each in one transaction with its effect and a change-feed entry;
//! - every write that changes what a patent shows appends to the change feed in its transaction;
//! - a university reads and edits only its own patents; another's is reported as not found;
//! - no HTTP here: callers get [`Error`] and map it.

pub mod error;
pub mod import;
pub mod model;
pub mod service;
mod store;

pub use error::{Error, Result};

/// The database connection other crates pass to catalog functions.
pub type Db = sea_orm::DatabaseConnection;
