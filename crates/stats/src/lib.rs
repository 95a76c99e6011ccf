//! # stats
//!
//! The operator's figures: policy KPIs (open-licensed patents, conversion, license growth, fees,
//! SMEs served) by period, university, industry and region; the acceptance funnel; dormant
//! state-funded patents; follow-up lists; the matching-feedback summary; the audit-trail query;
//! and CSV exports of each.
//!
//! Entry points: [`service::kpis`], [`service::funnel`], [`service::dormancy`],
//! [`service::follow_ups`], [`service::feedback`], [`service::audit`], [`service::activity`]
//! and [`service::export`].
//!
//! Invariants:
//! - read-only over the other crates' tables (design §4, "stats reads"): it writes nothing but
//!   its own activity events; the audit log is catalog's, appended by each action's transaction;
//! - aggregation happens in SQL (`GROUP BY`, `COUNT`, `SUM`), never by loading rows into memory;
//!   only the handful of per-group result rows are combined here;
//! - a university sees figures for its own organization only; enterprises see none;
//! - money is integer fen and rates are basis points, truncated, never floats.

pub mod error;
pub mod model;
pub mod service;
mod store;

pub use error::{Error, Result};

/// The database connection callers pass to stats functions.
pub type Db = sea_orm::DatabaseConnection;
