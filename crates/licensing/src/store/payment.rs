use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub license_id: Uuid,
    pub obligation_id: Uuid,
    pub amount_fen: i64,
    pub paid_on: Date,
    pub reference: Option<String>,
    pub recorded_at: DateTimeUtc,
    pub recorded_by: Uuid,
    /// The license's patentee, so the statistics sum payments per university without a join.
    pub licensor_organization_id: Option<Uuid>,
    /// The license's IPC class, likewise.
    pub ipc_class: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
