use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "obligations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub license_id: Uuid,
    pub key: String,
    pub kind: String,
    pub description: String,
    pub accrues_from: Date,
    pub accrues_until: Date,
    pub due_on: Date,
    pub amount_fen: i64,
    pub paid_fen: i64,
    pub report_missing: bool,
    /// The license's patentee, so the statistics sum obligations per university without a join.
    pub licensor_organization_id: Option<Uuid>,
    /// The license's IPC class, likewise.
    pub ipc_class: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
