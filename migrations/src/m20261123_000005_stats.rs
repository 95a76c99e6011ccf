//! Statistics: the dates the operator's figures are counted by (an offer's publish and close
//! dates, a license's activation date, a patent's first license), the append-only audit log and
//! the activity events behind the funnel.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OccurredAt,
    UserId,
    OrganizationId,
    Action,
    TargetKind,
    TargetId,
    Detail,
}

/// Page views per day, kind and university: what the funnel reads.
#[derive(DeriveIden)]
enum ActivityDaily {
    Table,
    Day,
    Kind,
    OrganizationId,
    Views,
}

#[derive(DeriveIden)]
enum ActivityEvents {
    Table,
    Id,
    Kind,
    PatentId,
    OfferId,
    OrganizationId,
    ActorOrganizationId,
    OccurredOn,
    OccurredAt,
}

/// Refuses every UPDATE and DELETE on `audit_log`, whatever the caller.
const SQLITE_AUDIT_GUARDS: [&str; 2] = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
];

const POSTGRES_AUDIT_GUARDS: [&str; 2] = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
];

/// Fills the new date columns of rows written before this migration.
const BACKFILL_SQLITE: [&str; 9] = [
    "UPDATE offers SET published_on = date(published_at)",
    "UPDATE offers SET closed_on = date(COALESCE(withdrawn_at, superseded_at)) WHERE status <> 'published'",
    "UPDATE licenses SET activated_on = COALESCE(trial_ends_on, effective_on) WHERE state IN ('active', 'terminated', 'expired')",
    "UPDATE patents SET licensed_since = (SELECT MIN(effective_on) FROM licenses WHERE licenses.patent_id = patents.id)",
    "UPDATE patents SET open_licensed_since = (SELECT MIN(published_on) FROM offers WHERE offers.patent_id = patents.id)",
    "UPDATE licenses SET first_paid_on = (SELECT MIN(paid_on) FROM payments WHERE payments.license_id = licenses.id)",
    "UPDATE licenses SET ipc_class = (SELECT ipc_class FROM offers WHERE offers.id = licenses.offer_id)",
    "UPDATE obligations SET (licensor_organization_id, ipc_class) = \
     (SELECT licensor_organization_id, ipc_class FROM licenses WHERE licenses.id = obligations.license_id)",
    "UPDATE payments SET (licensor_organization_id, ipc_class) = \
     (SELECT licensor_organization_id, ipc_class FROM licenses WHERE licenses.id = payments.license_id)",
];

const BACKFILL_POSTGRES: [&str; 9] = [
    "UPDATE offers SET published_on = (published_at AT TIME ZONE 'UTC')::date",
    "UPDATE offers SET closed_on = (COALESCE(withdrawn_at, superseded_at) AT TIME ZONE 'UTC')::date \
     WHERE status <> 'published'",
    "UPDATE licenses SET activated_on = COALESCE(trial_ends_on, effective_on) WHERE state IN ('active', 'terminated', 'expired')",
    "UPDATE patents SET licensed_since = (SELECT MIN(effective_on) FROM licenses WHERE licenses.patent_id = patents.id)",
    "UPDATE patents SET open_licensed_since = (SELECT MIN(published_on) FROM offers WHERE offers.patent_id = patents.id)",
    "UPDATE licenses SET first_paid_on = (SELECT MIN(paid_on) FROM payments WHERE payments.license_id = licenses.id)",
    "UPDATE licenses SET ipc_class = (SELECT ipc_class FROM offers WHERE offers.id = licenses.offer_id)",
    "UPDATE obligations SET (licensor_organization_id, ipc_class) = \
     (SELECT licensor_organization_id, ipc_class FROM licenses WHERE licenses.id = obligations.license_id)",
    "UPDATE payments SET (licensor_organization_id, ipc_class) = \
     (SELECT licensor_organization_id, ipc_class FROM licenses WHERE licenses.id = payments.license_id)",
];

/// Indexes the statistics read through, on the tables of catalog and licensing. Each covers its
/// query (every column the query reads is in the index), so a grouped count at 1,000,000 patents
/// and 100,000 licenses reads index pages only (bench/stats.sh).
const READ_INDEXES: [(&str, &str, &[&str]); 13] = [
    ("ix_offers_published_on", "offers", &["published_on", "organization_id", "ipc_class", "patent_id", "closed_on"]),
    ("ix_offers_closed_on", "offers", &["closed_on", "organization_id", "ipc_class"]),
    ("ix_patents_open_licensed_since", "patents", &["open_licensed_since", "organization_id", "main_ipc"]),
    (
        "ix_licenses_effective_on",
        "licenses",
        &["effective_on", "licensor_organization_id", "state", "fee_model", "licensee_organization_id", "ipc_class"],
    ),
    (
        "ix_licenses_activated_on",
        "licenses",
        &["activated_on", "licensor_organization_id", "trial_ends_on", "offer_id"],
    ),
    (
        "ix_licenses_recordation_follow_up",
        "licenses",
        &["recorded_on", "state", "recordation_due_on", "licensor_organization_id"],
    ),
    ("ix_licenses_trial_follow_up", "licenses", &["state", "trial_ends_on", "licensor_organization_id"]),
    (
        "ix_obligations_due_amounts",
        "obligations",
        &["due_on", "licensor_organization_id", "ipc_class", "amount_fen", "paid_fen"],
    ),
    ("ix_payments_paid_on", "payments", &["paid_on", "licensor_organization_id", "ipc_class", "amount_fen"]),
    ("ix_licenses_first_paid_on", "licenses", &["first_paid_on", "licensor_organization_id", "ipc_class"]),
    ("ix_patents_licensed_since", "patents", &["licensed_since", "organization_id", "main_ipc"]),
    // Dormancy: equality on the first four columns, then the grant date (the page, in order) or
    // the university (the summary, grouped without a sort).
    (
        "ix_patents_dormancy",
        "patents",
        &["state_funded", "licensed_since", "last_implemented_on", "legal_status", "grant_date", "id"],
    ),
    (
        "ix_patents_dormancy_by_university",
        "patents",
        &[
            "state_funded",
            "licensed_since",
            "last_implemented_on",
            "legal_status",
            "organization_id",
            "grant_date",
            "open_offer",
        ],
    ),
];

async fn index(manager: &SchemaManager<'_>, name: &str, table: &str, columns: &[&str]) -> Result<(), DbErr> {
    let mut statement = Index::create().name(name).table(Alias::new(table)).to_owned();
    for column in columns {
        statement.col(Alias::new(*column));
    }
    manager.create_index(statement).await
}

async fn add_date_column(manager: &SchemaManager<'_>, table: &str, column: &str) -> Result<(), DbErr> {
    let definition = ColumnDef::new(Alias::new(column)).date().null().to_owned();
    manager.alter_table(Table::alter().table(Alias::new(table)).add_column(definition).to_owned()).await
}

/// The date columns this migration adds, as (table, column).
const DATE_COLUMNS: [(&str, &str); 6] = [
    ("offers", "published_on"),
    ("offers", "closed_on"),
    ("licenses", "activated_on"),
    ("licenses", "first_paid_on"),
    ("patents", "licensed_since"),
    ("patents", "open_licensed_since"),
];

/// Columns copied onto rows so the statistics group them without joins: the license's patentee
/// on obligations and payments, and the offer's IPC class on licenses, obligations and payments.
const COPIED_COLUMNS: [(&str, &str); 5] = [
    ("obligations", "licensor_organization_id"),
    ("payments", "licensor_organization_id"),
    ("licenses", "ipc_class"),
    ("obligations", "ipc_class"),
    ("payments", "ipc_class"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in DATE_COLUMNS {
            add_date_column(manager, table, column).await?;
        }
        for (table, column) in COPIED_COLUMNS {
            let mut definition = ColumnDef::new(Alias::new(column));
            if column == "ipc_class" {
                definition.string();
            } else {
                definition.uuid();
            }
            let definition = definition.null().to_owned();
            manager.alter_table(Table::alter().table(Alias::new(table)).add_column(definition).to_owned()).await?;
        }
        let backend = manager.get_database_backend();
        let connection = manager.get_connection();
        let (backfill, guards) = match backend {
            DbBackend::Postgres => (BACKFILL_POSTGRES, POSTGRES_AUDIT_GUARDS),
            _ => (BACKFILL_SQLITE, SQLITE_AUDIT_GUARDS),
        };
        for statement in backfill {
            connection.execute_unprepared(statement).await?;
        }
        for (name, table, columns) in READ_INDEXES {
            index(manager, name, table, columns).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(ColumnDef::new(AuditLog::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(AuditLog::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AuditLog::UserId).uuid().null())
                    .col(ColumnDef::new(AuditLog::OrganizationId).uuid().null())
                    .col(ColumnDef::new(AuditLog::Action).string().not_null())
                    .col(ColumnDef::new(AuditLog::TargetKind).string().not_null())
                    .col(ColumnDef::new(AuditLog::TargetId).string().not_null())
                    .col(ColumnDef::new(AuditLog::Detail).text().null())
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_audit_log_occurred", "audit_log", &["occurred_at"]).await?;
        index(manager, "ix_audit_log_target", "audit_log", &["target_id", "id"]).await?;
        index(manager, "ix_audit_log_organization", "audit_log", &["organization_id", "id"]).await?;
        for statement in guards {
            connection.execute_unprepared(statement).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ActivityEvents::Table)
                    .col(ColumnDef::new(ActivityEvents::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ActivityEvents::Kind).string().not_null())
                    .col(ColumnDef::new(ActivityEvents::PatentId).uuid().not_null())
                    .col(ColumnDef::new(ActivityEvents::OfferId).uuid().null())
                    .col(ColumnDef::new(ActivityEvents::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(ActivityEvents::ActorOrganizationId).uuid().null())
                    .col(ColumnDef::new(ActivityEvents::OccurredOn).date().not_null())
                    .col(ColumnDef::new(ActivityEvents::OccurredAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_activity_events_day", "activity_events", &["occurred_on"]).await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityDaily::Table)
                    .col(ColumnDef::new(ActivityDaily::Day).date().not_null())
                    .col(ColumnDef::new(ActivityDaily::Kind).string().not_null())
                    .col(ColumnDef::new(ActivityDaily::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(ActivityDaily::Views).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(ActivityDaily::Day)
                            .col(ActivityDaily::Kind)
                            .col(ActivityDaily::OrganizationId),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only CASCADE")
                .await?;
        }
        manager.drop_table(Table::drop().table(ActivityDaily::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ActivityEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await?;
        for (name, table, _) in READ_INDEXES {
            manager.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned()).await?;
        }
        for (table, column) in COPIED_COLUMNS.into_iter().rev() {
            let drop = Table::alter().table(Alias::new(table)).drop_column(Alias::new(column)).to_owned();
            manager.alter_table(drop).await?;
        }
        for (table, column) in DATE_COLUMNS.into_iter().rev() {
            let drop = Table::alter().table(Alias::new(table)).drop_column(Alias::new(column)).to_owned();
            manager.alter_table(drop).await?;
        }
        Ok(())
    }
}
