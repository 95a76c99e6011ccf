//! # migrations
//!
//! Every schema step of every crate, one file each, applied in order at start-up and by
//! `kaixu migrate`. The same migrations run on SQLite and PostgreSQL.
//!
//! Invariants: a released migration is never edited, only followed by a new one; table
//! ownership follows design §4 (catalog: organizations, patents, patent_events,
//! patent_changes; accounts: users; licensing: offers, licenses, obligations, usage_reports,
//! payments, license_reminders; matching: demands, match_feedback, notifications).

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_catalog;
mod m20261122_000002_accounts;
mod m20261122_000003_licensing;
mod m20261122_000004_matching;
mod m20261123_000005_stats;

/// The ordered list of migrations.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_catalog::Migration),
            Box::new(m20261122_000002_accounts::Migration),
            Box::new(m20261122_000003_licensing::Migration),
            Box::new(m20261122_000004_matching::Migration),
            Box::new(m20261123_000005_stats::Migration),
        ]
    }
}
