use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "demands")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub description: String,
    pub industry_code: Option<String>,
    /// JSON array of canonical IPC hints.
    pub ipc_hints: String,
    pub region_code: String,
    pub max_total_cost_fen: Option<i64>,
    pub budget_years: i32,
    pub max_royalty_bp: Option<i32>,
    pub free_period: String,
    pub trial: String,
    /// JSON array of fee-model codes.
    pub fee_models: String,
    pub status: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
