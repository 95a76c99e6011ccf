use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub patent_id: Uuid,
    pub organization_id: Uuid,
    pub version: i32,
    pub status: String,
    pub published_key: Option<Uuid>,
    /// JSON of `OfferTerms`.
    pub terms: String,
    pub payment_text: String,
    pub fee_model: String,
    pub ipc_subclass: Option<String>,
    pub ipc_class: Option<String>,
    pub fixed_fen: i64,
    pub royalty_bp: i32,
    pub royalty_base: Option<String>,
    pub first_year_fixed_cost_fen: i64,
    /// JSON of `PricingBasis`.
    pub pricing_basis: Option<String>,
    pub published_at: DateTimeUtc,
    pub published_by: Uuid,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub superseded_at: Option<DateTimeUtc>,
    /// The clock's day of publication, and of withdrawal or supersession: the statistics count by them.
    pub published_on: Option<Date>,
    pub closed_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
