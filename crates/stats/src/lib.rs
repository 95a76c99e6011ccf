//! # stats
//!
//! Will own the operator's figures: policy KPIs (open-licensed count, conversion rate, growth,
//! fees, SMEs served), funnels, dormancy lists, follow-up lists, the audit-trail queries and CSV
//! exports. Empty until the statistics issue lands.
//!
//! Invariants (to hold from the first line of code):
//! - read-only over the other crates' data: stats writes nothing but its own activity records;
//! - aggregation happens in SQL, not in memory;
//! - a university sees figures for its own organization only.
