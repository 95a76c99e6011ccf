use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "match_feedback")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub demand_id: Uuid,
    pub patent_id: Uuid,
    pub organization_id: Uuid,
    pub patent_organization_id: Uuid,
    pub relevant: bool,
    pub prospect: Option<i32>,
    pub improvement_needs: Option<String>,
    pub cooperation_intent: String,
    pub given_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
