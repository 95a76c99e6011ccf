//! Database connection and migrations.

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

use crate::config::Settings;

/// Connects to the configured database, creating the SQLite file and its directory on first
/// start, and applies pending migrations.
pub async fn connect_and_migrate(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let url = settings.database_url();
    let is_sqlite = url.starts_with("sqlite:");
    if is_sqlite && settings.database.url.expose().trim().is_empty() {
        std::fs::create_dir_all(&settings.storage.data_dir).map_err(|error| {
            DbErr::Custom(format!("cannot create data directory {}: {error}", settings.storage.data_dir.display()))
        })?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(if is_sqlite { 1 } else { settings.database.max_connections })
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|options| {
            options
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    if is_sqlite {
        refresh_planner_statistics(&db).await?;
    }
    Ok(db)
}

/// SQLite plans from table statistics that only `ANALYZE` gathers; without them it probes a
/// table's unique index instead of the covering indexes the statistics queries are built for.
/// `PRAGMA optimize` analyzes the tables whose statistics are missing or stale, each on a sample
/// (`analysis_limit`), in milliseconds even at a million patents. PostgreSQL's autovacuum keeps
/// its own statistics. Run at start-up and hourly (`startup.rs`).
pub async fn refresh_planner_statistics(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return Ok(());
    }
    db.execute_unprepared("PRAGMA analysis_limit = 400").await?;
    db.execute_unprepared("PRAGMA optimize = 0x10002").await?;
    Ok(())
}
