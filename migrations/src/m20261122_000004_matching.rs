//! Matching tables: enterprise demands, structured feedback on matched patents, and
//! notifications (each at most once per organization and key).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Patents {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Demands {
    Table,
    Id,
    OrganizationId,
    Title,
    Description,
    IndustryCode,
    IpcHints,
    RegionCode,
    MaxTotalCostFen,
    BudgetYears,
    MaxRoyaltyBp,
    FreePeriod,
    Trial,
    FeeModels,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MatchFeedback {
    Table,
    Id,
    DemandId,
    PatentId,
    /// The enterprise that gave the feedback (the demand's organization).
    OrganizationId,
    /// The patent's university, to which the feedback is visible.
    PatentOrganizationId,
    Relevant,
    Prospect,
    ImprovementNeeds,
    CooperationIntent,
    GivenBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    OrganizationId,
    Kind,
    /// Unique per organization: the same event never notifies twice.
    DedupeKey,
    Title,
    Body,
    DemandId,
    PatentId,
    Score,
    CreatedAt,
    ReadAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Demands::Table)
                    .col(ColumnDef::new(Demands::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Demands::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(Demands::Title).string().not_null())
                    .col(ColumnDef::new(Demands::Description).text().not_null())
                    .col(ColumnDef::new(Demands::IndustryCode).string().null())
                    .col(ColumnDef::new(Demands::IpcHints).text().not_null())
                    .col(ColumnDef::new(Demands::RegionCode).string().not_null())
                    .col(ColumnDef::new(Demands::MaxTotalCostFen).big_integer().null())
                    .col(ColumnDef::new(Demands::BudgetYears).integer().not_null())
                    .col(ColumnDef::new(Demands::MaxRoyaltyBp).integer().null())
                    .col(ColumnDef::new(Demands::FreePeriod).string().not_null())
                    .col(ColumnDef::new(Demands::Trial).string().not_null())
                    .col(ColumnDef::new(Demands::FeeModels).text().not_null())
                    .col(ColumnDef::new(Demands::Status).string().not_null())
                    .col(ColumnDef::new(Demands::CreatedBy).uuid().not_null())
                    .col(ColumnDef::new(Demands::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Demands::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        "fk_demands_organization",
                        (Demands::Table, Demands::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_demands_organization")
                    .table(Demands::Table)
                    .col(Demands::OrganizationId)
                    .col(Demands::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_demands_updated").table(Demands::Table).col(Demands::UpdatedAt).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MatchFeedback::Table)
                    .col(ColumnDef::new(MatchFeedback::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(MatchFeedback::DemandId).uuid().not_null())
                    .col(ColumnDef::new(MatchFeedback::PatentId).uuid().not_null())
                    .col(ColumnDef::new(MatchFeedback::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(MatchFeedback::PatentOrganizationId).uuid().not_null())
                    .col(ColumnDef::new(MatchFeedback::Relevant).boolean().not_null())
                    .col(ColumnDef::new(MatchFeedback::Prospect).integer().null())
                    .col(ColumnDef::new(MatchFeedback::ImprovementNeeds).text().null())
                    .col(ColumnDef::new(MatchFeedback::CooperationIntent).string().not_null())
                    .col(ColumnDef::new(MatchFeedback::GivenBy).uuid().not_null())
                    .col(ColumnDef::new(MatchFeedback::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(MatchFeedback::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        "fk_match_feedback_demand",
                        (MatchFeedback::Table, MatchFeedback::DemandId),
                        (Demands::Table, Demands::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_match_feedback_patent",
                        (MatchFeedback::Table, MatchFeedback::PatentId),
                        (Patents::Table, Patents::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_match_feedback")
                    .table(MatchFeedback::Table)
                    .col(MatchFeedback::DemandId)
                    .col(MatchFeedback::PatentId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_match_feedback_patent")
                    .table(MatchFeedback::Table)
                    .col(MatchFeedback::PatentId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(ColumnDef::new(Notifications::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Notifications::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(Notifications::Kind).string().not_null())
                    .col(ColumnDef::new(Notifications::DedupeKey).string().not_null())
                    .col(ColumnDef::new(Notifications::Title).string().not_null())
                    .col(ColumnDef::new(Notifications::Body).text().not_null())
                    .col(ColumnDef::new(Notifications::DemandId).uuid().null())
                    .col(ColumnDef::new(Notifications::PatentId).uuid().null())
                    .col(ColumnDef::new(Notifications::Score).big_integer().null())
                    .col(ColumnDef::new(Notifications::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Notifications::ReadAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut fk(
                        "fk_notifications_organization",
                        (Notifications::Table, Notifications::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_notifications_key")
                    .table(Notifications::Table)
                    .col(Notifications::OrganizationId)
                    .col(Notifications::DedupeKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_organization")
                    .table(Notifications::Table)
                    .col(Notifications::OrganizationId)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Notifications::Table.into_iden(), MatchFeedback::Table.into_iden(), Demands::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
