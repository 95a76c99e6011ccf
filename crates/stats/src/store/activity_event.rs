use sea_orm::entity::prelude::*;

/// A funnel step the server observed (a patent or offer page view).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub patent_id: Uuid,
    pub offer_id: Option<Uuid>,
    /// The patentee university.
    pub organization_id: Uuid,
    pub actor_organization_id: Option<Uuid>,
    pub occurred_on: Date,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
