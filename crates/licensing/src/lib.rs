//! # licensing
//!
//! Will own open-license offers and their versions, fee schedules and their rendered text,
//! linting against the legal caps, one-step acceptance, licenses and their states, obligations,
//! usage reports, payments, the recordation deadline and pricing guidance (design §2–§3).
//! Empty until the licensing issue lands.
//!
//! Invariants (to hold from the first line of code):
//! - money is integer fen and rates are basis points; no floating point touches an amount;
//! - an offer is published only for a patent that `catalog` reports eligible, and a published
//!   version is never edited: a revision is a new version, and licenses keep the version they accepted;
//! - writes that belong together (license, snapshot, obligations, change-feed entry) are one transaction;
//! - depends on `catalog` only, and reaches it through its public functions.
