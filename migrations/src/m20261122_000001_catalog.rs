//! Catalog tables: organizations, patents, legal-status events and the change feed.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    Kind,
    RegionCode,
    IndustryCodes,
    VerifiedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Patents {
    Table,
    Id,
    OrganizationId,
    PublicationNumber,
    ApplicationNumber,
    Title,
    AbstractText,
    Claims,
    IpcCodes,
    MainIpc,
    Applicants,
    CoOwners,
    PatentType,
    ApplicationDate,
    GrantDate,
    ExpiryDate,
    LegalStatus,
    StateFunded,
    EvaluationReportRef,
    Grade,
    LastImplementedOn,
    Keywords,
    Pledgee,
    PledgeeConsent,
    Preserved,
    Disputed,
    ExclusiveLicense,
    AnnualFeeOverdue,
    Source,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PatentEvents {
    Table,
    Id,
    PatentId,
    Kind,
    Details,
    OccurredOn,
    Note,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum PatentChanges {
    Table,
    Seq,
    PatentId,
    ChangedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(ColumnDef::new(Organizations::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Organizations::Name).string().not_null().unique_key())
                    .col(ColumnDef::new(Organizations::Kind).string().not_null())
                    .col(ColumnDef::new(Organizations::RegionCode).string().not_null())
                    .col(ColumnDef::new(Organizations::IndustryCodes).text().not_null())
                    .col(ColumnDef::new(Organizations::VerifiedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Organizations::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Patents::Table)
                    .col(ColumnDef::new(Patents::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Patents::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(Patents::PublicationNumber).string().not_null().unique_key())
                    .col(ColumnDef::new(Patents::ApplicationNumber).string().null())
                    .col(ColumnDef::new(Patents::Title).text().not_null())
                    .col(ColumnDef::new(Patents::AbstractText).text().null())
                    .col(ColumnDef::new(Patents::Claims).text().null())
                    .col(ColumnDef::new(Patents::IpcCodes).text().not_null())
                    .col(ColumnDef::new(Patents::MainIpc).string().null())
                    .col(ColumnDef::new(Patents::Applicants).text().not_null())
                    .col(ColumnDef::new(Patents::CoOwners).text().not_null())
                    .col(ColumnDef::new(Patents::PatentType).string().not_null())
                    .col(ColumnDef::new(Patents::ApplicationDate).date().null())
                    .col(ColumnDef::new(Patents::GrantDate).date().null())
                    .col(ColumnDef::new(Patents::ExpiryDate).date().null())
                    .col(ColumnDef::new(Patents::LegalStatus).string().not_null())
                    .col(ColumnDef::new(Patents::StateFunded).boolean().not_null())
                    .col(ColumnDef::new(Patents::EvaluationReportRef).string().null())
                    .col(ColumnDef::new(Patents::Grade).string().null())
                    .col(ColumnDef::new(Patents::LastImplementedOn).date().null())
                    .col(ColumnDef::new(Patents::Keywords).text().not_null())
                    .col(ColumnDef::new(Patents::Pledgee).string().null())
                    .col(ColumnDef::new(Patents::PledgeeConsent).boolean().not_null())
                    .col(ColumnDef::new(Patents::Preserved).boolean().not_null())
                    .col(ColumnDef::new(Patents::Disputed).boolean().not_null())
                    .col(ColumnDef::new(Patents::ExclusiveLicense).string().null())
                    .col(ColumnDef::new(Patents::AnnualFeeOverdue).boolean().not_null())
                    .col(ColumnDef::new(Patents::Source).text().null())
                    .col(ColumnDef::new(Patents::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Patents::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_patents_organization")
                            .from(Patents::Table, Patents::OrganizationId)
                            .to(Organizations::Table, Organizations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_patents_organization_created")
                    .table(Patents::Table)
                    .col(Patents::OrganizationId)
                    .col(Patents::CreatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PatentEvents::Table)
                    .col(ColumnDef::new(PatentEvents::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(PatentEvents::PatentId).uuid().not_null())
                    .col(ColumnDef::new(PatentEvents::Kind).string().not_null())
                    .col(ColumnDef::new(PatentEvents::Details).text().not_null())
                    .col(ColumnDef::new(PatentEvents::OccurredOn).date().not_null())
                    .col(ColumnDef::new(PatentEvents::Note).text().null())
                    .col(ColumnDef::new(PatentEvents::RecordedBy).uuid().null())
                    .col(ColumnDef::new(PatentEvents::RecordedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_patent_events_patent")
                            .from(PatentEvents::Table, PatentEvents::PatentId)
                            .to(Patents::Table, Patents::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_patent_events_patent")
                    .table(PatentEvents::Table)
                    .col(PatentEvents::PatentId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PatentChanges::Table)
                    .col(ColumnDef::new(PatentChanges::Seq).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(PatentChanges::PatentId).uuid().not_null())
                    .col(ColumnDef::new(PatentChanges::ChangedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PatentChanges::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PatentEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Patents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Organizations::Table).to_owned()).await
    }
}
