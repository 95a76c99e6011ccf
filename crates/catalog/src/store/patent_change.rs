use sea_orm::entity::prelude::*;

/// The change feed: one row per write that changes what a patent shows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patent_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    pub patent_id: Uuid,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
