//! Licensing tables: offers (one row per published version), licenses, obligations, usage
//! reports, payments and reminders; and the catalog's `patents.open_offer` flag.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Patents {
    Table,
    Id,
    OpenOffer,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    PatentId,
    OrganizationId,
    Version,
    Status,
    /// Equals `patent_id` while the version is published, NULL otherwise: unique, so a patent
    /// has at most one published version.
    PublishedKey,
    Terms,
    PaymentText,
    FeeModel,
    IpcSubclass,
    IpcClass,
    FixedFen,
    RoyaltyBp,
    RoyaltyBase,
    FirstYearFixedCostFen,
    PricingBasis,
    PublishedAt,
    PublishedBy,
    WithdrawnAt,
    SupersededAt,
}

#[derive(DeriveIden)]
enum Licenses {
    Table,
    Id,
    OfferId,
    OfferVersion,
    PatentId,
    PublicationNumber,
    PatentTitle,
    LicensorOrganizationId,
    LicensorName,
    LicenseeOrganizationId,
    LicenseeName,
    State,
    /// `patent_id:licensee` while the license is live, NULL otherwise: unique.
    LiveKey,
    IdempotencyKey,
    Terms,
    PaymentText,
    FeeModel,
    Notice,
    AcceptedAt,
    AcceptedBy,
    EffectiveOn,
    TrialEndsOn,
    FreeUntil,
    EndsOn,
    EndedOn,
    RecordationDueOn,
    RecordedOn,
    RecordNumber,
    NextReviewOn,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Obligations {
    Table,
    Id,
    LicenseId,
    Key,
    Kind,
    Description,
    AccruesFrom,
    AccruesUntil,
    DueOn,
    AmountFen,
    PaidFen,
    ReportMissing,
}

#[derive(DeriveIden)]
enum UsageReports {
    Table,
    Id,
    LicenseId,
    PeriodIndex,
    PeriodStartsOn,
    PeriodEndsBefore,
    Base,
    AmountFen,
    ReportedAt,
    ReportedBy,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    LicenseId,
    ObligationId,
    AmountFen,
    PaidOn,
    Reference,
    RecordedAt,
    RecordedBy,
}

#[derive(DeriveIden)]
enum LicenseReminders {
    Table,
    Id,
    LicenseId,
    Kind,
    DueOn,
    Message,
    CreatedAt,
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
            .alter_table(
                Table::alter()
                    .table(Patents::Table)
                    .add_column(ColumnDef::new(Patents::OpenOffer).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Offers::Table)
                    .col(ColumnDef::new(Offers::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Offers::PatentId).uuid().not_null())
                    .col(ColumnDef::new(Offers::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(Offers::Version).integer().not_null())
                    .col(ColumnDef::new(Offers::Status).string().not_null())
                    .col(ColumnDef::new(Offers::PublishedKey).uuid().null().unique_key())
                    .col(ColumnDef::new(Offers::Terms).text().not_null())
                    .col(ColumnDef::new(Offers::PaymentText).text().not_null())
                    .col(ColumnDef::new(Offers::FeeModel).string().not_null())
                    .col(ColumnDef::new(Offers::IpcSubclass).string().null())
                    .col(ColumnDef::new(Offers::IpcClass).string().null())
                    .col(ColumnDef::new(Offers::FixedFen).big_integer().not_null())
                    .col(ColumnDef::new(Offers::RoyaltyBp).integer().not_null())
                    .col(ColumnDef::new(Offers::RoyaltyBase).string().null())
                    .col(ColumnDef::new(Offers::FirstYearFixedCostFen).big_integer().not_null())
                    .col(ColumnDef::new(Offers::PricingBasis).text().null())
                    .col(ColumnDef::new(Offers::PublishedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Offers::PublishedBy).uuid().not_null())
                    .col(ColumnDef::new(Offers::WithdrawnAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Offers::SupersededAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut fk(
                        "fk_offers_patent",
                        (Offers::Table, Offers::PatentId),
                        (Patents::Table, Patents::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_offers_organization",
                        (Offers::Table, Offers::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_offers_patent_version")
                    .table(Offers::Table)
                    .col(Offers::PatentId)
                    .col(Offers::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_offers_ipc_subclass").table(Offers::Table).col(Offers::IpcSubclass).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_offers_ipc_class").table(Offers::Table).col(Offers::IpcClass).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Licenses::Table)
                    .col(ColumnDef::new(Licenses::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Licenses::OfferId).uuid().not_null())
                    .col(ColumnDef::new(Licenses::OfferVersion).integer().not_null())
                    .col(ColumnDef::new(Licenses::PatentId).uuid().not_null())
                    .col(ColumnDef::new(Licenses::PublicationNumber).string().not_null())
                    .col(ColumnDef::new(Licenses::PatentTitle).string().not_null())
                    .col(ColumnDef::new(Licenses::LicensorOrganizationId).uuid().not_null())
                    .col(ColumnDef::new(Licenses::LicensorName).string().not_null())
                    .col(ColumnDef::new(Licenses::LicenseeOrganizationId).uuid().not_null())
                    .col(ColumnDef::new(Licenses::LicenseeName).string().not_null())
                    .col(ColumnDef::new(Licenses::State).string().not_null())
                    .col(ColumnDef::new(Licenses::LiveKey).string().null().unique_key())
                    .col(ColumnDef::new(Licenses::IdempotencyKey).string().null())
                    .col(ColumnDef::new(Licenses::Terms).text().not_null())
                    .col(ColumnDef::new(Licenses::PaymentText).text().not_null())
                    .col(ColumnDef::new(Licenses::FeeModel).string().not_null())
                    .col(ColumnDef::new(Licenses::Notice).text().not_null())
                    .col(ColumnDef::new(Licenses::AcceptedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Licenses::AcceptedBy).uuid().not_null())
                    .col(ColumnDef::new(Licenses::EffectiveOn).date().not_null())
                    .col(ColumnDef::new(Licenses::TrialEndsOn).date().null())
                    .col(ColumnDef::new(Licenses::FreeUntil).date().null())
                    .col(ColumnDef::new(Licenses::EndsOn).date().not_null())
                    .col(ColumnDef::new(Licenses::EndedOn).date().null())
                    .col(ColumnDef::new(Licenses::RecordationDueOn).date().not_null())
                    .col(ColumnDef::new(Licenses::RecordedOn).date().null())
                    .col(ColumnDef::new(Licenses::RecordNumber).string().null())
                    .col(ColumnDef::new(Licenses::NextReviewOn).date().null())
                    .col(ColumnDef::new(Licenses::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        "fk_licenses_offer",
                        (Licenses::Table, Licenses::OfferId),
                        (Offers::Table, Offers::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_licenses_licensee",
                        (Licenses::Table, Licenses::LicenseeOrganizationId),
                        (Organizations::Table, Organizations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_licenses_licensor", Licenses::LicensorOrganizationId),
            ("ix_licenses_licensee", Licenses::LicenseeOrganizationId),
            ("ix_licenses_patent", Licenses::PatentId),
            ("ix_licenses_next_review", Licenses::NextReviewOn),
            ("ix_licenses_recordation_due", Licenses::RecordationDueOn),
        ] {
            manager.create_index(Index::create().name(name).table(Licenses::Table).col(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ux_licenses_idempotency")
                    .table(Licenses::Table)
                    .col(Licenses::LicenseeOrganizationId)
                    .col(Licenses::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Obligations::Table)
                    .col(ColumnDef::new(Obligations::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Obligations::LicenseId).uuid().not_null())
                    .col(ColumnDef::new(Obligations::Key).string().not_null())
                    .col(ColumnDef::new(Obligations::Kind).string().not_null())
                    .col(ColumnDef::new(Obligations::Description).string().not_null())
                    .col(ColumnDef::new(Obligations::AccruesFrom).date().not_null())
                    .col(ColumnDef::new(Obligations::AccruesUntil).date().not_null())
                    .col(ColumnDef::new(Obligations::DueOn).date().not_null())
                    .col(ColumnDef::new(Obligations::AmountFen).big_integer().not_null())
                    .col(ColumnDef::new(Obligations::PaidFen).big_integer().not_null())
                    .col(ColumnDef::new(Obligations::ReportMissing).boolean().not_null())
                    .foreign_key(&mut fk(
                        "fk_obligations_license",
                        (Obligations::Table, Obligations::LicenseId),
                        (Licenses::Table, Licenses::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_obligations_license_key")
                    .table(Obligations::Table)
                    .col(Obligations::LicenseId)
                    .col(Obligations::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_obligations_due").table(Obligations::Table).col(Obligations::DueOn).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UsageReports::Table)
                    .col(ColumnDef::new(UsageReports::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(UsageReports::LicenseId).uuid().not_null())
                    .col(ColumnDef::new(UsageReports::PeriodIndex).integer().not_null())
                    .col(ColumnDef::new(UsageReports::PeriodStartsOn).date().not_null())
                    .col(ColumnDef::new(UsageReports::PeriodEndsBefore).date().not_null())
                    .col(ColumnDef::new(UsageReports::Base).string().not_null())
                    .col(ColumnDef::new(UsageReports::AmountFen).big_integer().not_null())
                    .col(ColumnDef::new(UsageReports::ReportedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(UsageReports::ReportedBy).uuid().not_null())
                    .foreign_key(&mut fk(
                        "fk_usage_reports_license",
                        (UsageReports::Table, UsageReports::LicenseId),
                        (Licenses::Table, Licenses::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_usage_reports_period")
                    .table(UsageReports::Table)
                    .col(UsageReports::LicenseId)
                    .col(UsageReports::PeriodIndex)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(ColumnDef::new(Payments::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Payments::LicenseId).uuid().not_null())
                    .col(ColumnDef::new(Payments::ObligationId).uuid().not_null())
                    .col(ColumnDef::new(Payments::AmountFen).big_integer().not_null())
                    .col(ColumnDef::new(Payments::PaidOn).date().not_null())
                    .col(ColumnDef::new(Payments::Reference).string().null())
                    .col(ColumnDef::new(Payments::RecordedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Payments::RecordedBy).uuid().not_null())
                    .foreign_key(&mut fk(
                        "fk_payments_obligation",
                        (Payments::Table, Payments::ObligationId),
                        (Obligations::Table, Obligations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_payments_license").table(Payments::Table).col(Payments::LicenseId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LicenseReminders::Table)
                    .col(ColumnDef::new(LicenseReminders::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(LicenseReminders::LicenseId).uuid().not_null())
                    .col(ColumnDef::new(LicenseReminders::Kind).string().not_null())
                    .col(ColumnDef::new(LicenseReminders::DueOn).date().not_null())
                    .col(ColumnDef::new(LicenseReminders::Message).string().not_null())
                    .col(ColumnDef::new(LicenseReminders::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        "fk_license_reminders_license",
                        (LicenseReminders::Table, LicenseReminders::LicenseId),
                        (Licenses::Table, Licenses::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_license_reminders")
                    .table(LicenseReminders::Table)
                    .col(LicenseReminders::LicenseId)
                    .col(LicenseReminders::Kind)
                    .col(LicenseReminders::DueOn)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LicenseReminders::Table.into_iden(),
            Payments::Table.into_iden(),
            UsageReports::Table.into_iden(),
            Obligations::Table.into_iden(),
            Licenses::Table.into_iden(),
            Offers::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Patents::Table).drop_column(Patents::OpenOffer).to_owned()).await
    }
}
