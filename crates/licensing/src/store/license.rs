use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "licenses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub offer_id: Uuid,
    pub offer_version: i32,
    pub patent_id: Uuid,
    /// Snapshots taken at acceptance, as the notice names them.
    pub publication_number: String,
    pub patent_title: String,
    pub licensor_organization_id: Uuid,
    pub licensor_name: String,
    pub licensee_organization_id: Uuid,
    pub licensee_name: String,
    pub state: String,
    pub live_key: Option<String>,
    pub idempotency_key: Option<String>,
    /// JSON snapshot of the accepted `OfferTerms`.
    pub terms: String,
    pub payment_text: String,
    pub fee_model: String,
    pub notice: String,
    pub accepted_at: DateTimeUtc,
    pub accepted_by: Uuid,
    pub effective_on: Date,
    pub trial_ends_on: Option<Date>,
    pub free_until: Option<Date>,
    pub ends_on: Date,
    pub ended_on: Option<Date>,
    pub recordation_due_on: Date,
    pub recorded_on: Option<Date>,
    pub record_number: Option<String>,
    /// The next day on which time changes something for this license (for the periodic job).
    pub next_review_on: Option<Date>,
    /// The day the license became active (at acceptance, at confirmation or at the trial's end).
    pub activated_on: Option<Date>,
    /// The earliest day a payment was made on the license.
    pub first_paid_on: Option<Date>,
    /// The offer's IPC class (`H01`), copied at acceptance for the statistics.
    pub ipc_class: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
