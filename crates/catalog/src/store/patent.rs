use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    #[sea_orm(unique)]
    pub publication_number: String,
    pub application_number: Option<String>,
    pub title: String,
    pub abstract_text: Option<String>,
    pub claims: Option<String>,
    /// JSON array of canonical IPC codes; `main_ipc` is the first, for grouping in SQL.
    pub ipc_codes: String,
    pub main_ipc: Option<String>,
    /// JSON array of names.
    pub applicants: String,
    /// JSON array of `{name, consent}`.
    pub co_owners: String,
    pub patent_type: String,
    pub application_date: Option<Date>,
    pub grant_date: Option<Date>,
    pub expiry_date: Option<Date>,
    pub legal_status: String,
    pub state_funded: bool,
    pub evaluation_report_ref: Option<String>,
    pub grade: Option<String>,
    pub last_implemented_on: Option<Date>,
    /// JSON array of keywords.
    pub keywords: String,
    pub pledgee: Option<String>,
    pub pledgee_consent: bool,
    pub preserved: bool,
    pub disputed: bool,
    pub exclusive_license: Option<String>,
    pub annual_fee_overdue: bool,
    /// Kept by licensing: an open-license offer is published on this patent.
    pub open_offer: bool,
    /// Kept by licensing: the day of the patent's first license (the dormancy clock stops).
    pub licensed_since: Option<Date>,
    /// Kept by licensing: the day the patent's first offer was published.
    pub open_licensed_since: Option<Date>,
    pub source: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
