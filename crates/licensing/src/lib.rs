//! # licensing
//!
//! Owns open-license offers and their versions, fee schedules and their rendered text, linting
//! against the legal caps, one-step acceptance, licenses and their states, obligations, usage
//! reports, payments, reminders, the recordation deadline and pricing guidance (design §2–§3).
//!
//! Entry points: [`service::offers`] (preview, publish, withdraw, read, offer facts for search),
//! [`service::licenses`] (accept, read, confirm, exit, terminate), [`service::money`] (reports,
//! obligations, payments), [`service::recordation`], [`service::pricing`] and [`service::jobs`]
//! (the periodic advance of time-driven states). [`model::obligation::derive`] is the pure
//! obligation arithmetic.
//!
//! Invariants:
//! - money is integer fen and rates are basis points; no floating point touches an amount;
//! - an offer is published only for a patent that `catalog` reports eligible, and a published
//!   version is never edited: a revision is a new version, and licenses keep the version they accepted;
//! - a published offer whose patent turns ineligible is suspended (no new licenses) until it is
//!   eligible again; while an offer is published the catalog refuses exclusive and sole licenses;
//! - at most one live license per patent and licensee, enforced by a unique key in the database;
//! - writes that belong together (license, snapshot, obligations; offer and change-feed entry)
//!   are one transaction;
//! - time comes in as `today` from the caller's clock, so every rule can be tested at any date;
//! - depends on `catalog` only, and reaches it through its public functions.

pub mod error;
pub mod model;
pub mod service;
mod store;

pub use error::{Error, Result};
