//! Statistics: the dates the operator's figures are counted by (an offer's publish and close
//! dates, a license's activation date, a patent's first license), the append-only audit log and
//! the activity events behind the funnel.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Patents {
    Table,
    OrganizationId,
    StateFunded,
    GrantDate,
    LicensedSince,
    LastImplementedOn,
    LegalStatus,
    OpenOffer,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    PublishedOn,
    ClosedOn,
}

#[derive(DeriveIden)]
enum Licenses {
    Table,
    EffectiveOn,
    ActivatedOn,
    LicensorOrganizationId,
}

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
const BACKFILL_SQLITE: [&str; 4] = [
    "UPDATE offers SET published_on = date(published_at)",
    "UPDATE offers SET closed_on = date(COALESCE(withdrawn_at, superseded_at)) WHERE status <> 'published'",
    "UPDATE licenses SET activated_on = COALESCE(trial_ends_on, effective_on) WHERE state IN ('active', 'terminated', 'expired')",
    "UPDATE patents SET licensed_since = (SELECT MIN(effective_on) FROM licenses WHERE licenses.patent_id = patents.id)",
];

const BACKFILL_POSTGRES: [&str; 4] = [
    "UPDATE offers SET published_on = published_at::date",
    "UPDATE offers SET closed_on = COALESCE(withdrawn_at, superseded_at)::date WHERE status <> 'published'",
    "UPDATE licenses SET activated_on = COALESCE(trial_ends_on, effective_on) WHERE state IN ('active', 'terminated', 'expired')",
    "UPDATE patents SET licensed_since = (SELECT MIN(effective_on) FROM licenses WHERE licenses.patent_id = patents.id)",
];

async fn index(manager: &SchemaManager<'_>, statement: IndexCreateStatement) -> Result<(), DbErr> {
    manager.create_index(statement).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .add_column(ColumnDef::new(Offers::PublishedOn).date().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Offers::Table)
                    .add_column(ColumnDef::new(Offers::ClosedOn).date().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Licenses::Table)
                    .add_column(ColumnDef::new(Licenses::ActivatedOn).date().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Patents::Table)
                    .add_column(ColumnDef::new(Patents::LicensedSince).date().null())
                    .to_owned(),
            )
            .await?;

        let backend = manager.get_database_backend();
        let connection = manager.get_connection();
        let (backfill, guards) = match backend {
            DbBackend::Postgres => (BACKFILL_POSTGRES, POSTGRES_AUDIT_GUARDS),
            _ => (BACKFILL_SQLITE, SQLITE_AUDIT_GUARDS),
        };
        for statement in backfill {
            connection.execute_unprepared(statement).await?;
        }

        index(
            manager,
            Index::create().name("ix_offers_published_on").table(Offers::Table).col(Offers::PublishedOn).to_owned(),
        )
        .await?;
        index(
            manager,
            Index::create().name("ix_offers_closed_on").table(Offers::Table).col(Offers::ClosedOn).to_owned(),
        )
        .await?;
        index(
            manager,
            Index::create()
                .name("ix_licenses_effective_on")
                .table(Licenses::Table)
                .col(Licenses::EffectiveOn)
                .col(Licenses::LicensorOrganizationId)
                .to_owned(),
        )
        .await?;
        index(
            manager,
            Index::create()
                .name("ix_licenses_activated_on")
                .table(Licenses::Table)
                .col(Licenses::ActivatedOn)
                .to_owned(),
        )
        .await?;
        // Covers the dormancy query: equality on the first four columns, a range on the grant date.
        index(
            manager,
            Index::create()
                .name("ix_patents_dormancy")
                .table(Patents::Table)
                .col(Patents::StateFunded)
                .col(Patents::LicensedSince)
                .col(Patents::LastImplementedOn)
                .col(Patents::LegalStatus)
                .col(Patents::GrantDate)
                .col(Patents::OrganizationId)
                .col(Patents::OpenOffer)
                .to_owned(),
        )
        .await?;
        index(
            manager,
            Index::create()
                .name("ix_patents_licensed_since")
                .table(Patents::Table)
                .col(Patents::LicensedSince)
                .to_owned(),
        )
        .await?;

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
        index(
            manager,
            Index::create().name("ix_audit_log_occurred").table(AuditLog::Table).col(AuditLog::OccurredAt).to_owned(),
        )
        .await?;
        index(
            manager,
            Index::create()
                .name("ix_audit_log_target")
                .table(AuditLog::Table)
                .col(AuditLog::TargetId)
                .col(AuditLog::Id)
                .to_owned(),
        )
        .await?;
        index(
            manager,
            Index::create()
                .name("ix_audit_log_organization")
                .table(AuditLog::Table)
                .col(AuditLog::OrganizationId)
                .col(AuditLog::Id)
                .to_owned(),
        )
        .await?;
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
        index(
            manager,
            Index::create()
                .name("ix_activity_events_day")
                .table(ActivityEvents::Table)
                .col(ActivityEvents::OccurredOn)
                .col(ActivityEvents::Kind)
                .col(ActivityEvents::OrganizationId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only CASCADE")
                .await?;
        }
        manager.drop_table(Table::drop().table(ActivityEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await?;
        for (table, name) in [
            ("patents", "ix_patents_licensed_since"),
            ("patents", "ix_patents_dormancy"),
            ("licenses", "ix_licenses_activated_on"),
            ("licenses", "ix_licenses_effective_on"),
            ("offers", "ix_offers_closed_on"),
            ("offers", "ix_offers_published_on"),
        ] {
            manager.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Patents::Table).drop_column(Patents::LicensedSince).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Licenses::Table).drop_column(Licenses::ActivatedOn).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Offers::Table).drop_column(Offers::ClosedOn).to_owned()).await?;
        manager.alter_table(Table::alter().table(Offers::Table).drop_column(Offers::PublishedOn).to_owned()).await?;
        Ok(())
    }
}
