//! Helpers shared by the matching services.

use catalog::model::actor::Actor;
use catalog::model::ids::OrganizationId;
use catalog::model::organization::OrganizationKind;
use catalog::model::reference::{IndustryCode, RegionCode};
use catalog::service::organizations::find_organization;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect, Select};

use crate::error::{Error, Result};
use crate::model::demand::{Budget, Demand, DemandStatus, Preference, Preferences};
use crate::model::ids::DemandId;
use crate::store::demand;

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|_| Error::Storage(sea_orm::DbErr::Custom(format!("corrupt stored {what}"))))
}

/// Adds `FOR UPDATE` on PostgreSQL so concurrent writers of one row serialize; SQLite
/// serializes writers itself.
pub(crate) fn locked<E: EntityTrait, C: ConnectionTrait>(conn: &C, query: Select<E>) -> Select<E> {
    if conn.get_database_backend() == DbBackend::Postgres {
        return query.lock_exclusive();
    }
    query
}

pub(crate) fn is_operator(actor: &Actor) -> bool {
    actor.kind == OrganizationKind::Operator
}

/// A stored demand as its view, with its organization's name.
pub(crate) fn demand_view(row: demand::Model, organization_name: String) -> Result<Demand> {
    let industry = row.industry_code.as_deref().and_then(|code| IndustryCode::parse(code).ok());
    let region = RegionCode::parse(&row.region_code).ok();
    Ok(Demand {
        id: DemandId(row.id),
        organization_id: OrganizationId(row.organization_id),
        organization_name,
        title: row.title,
        description: row.description,
        industry_name: industry.as_ref().map(|code| code.name().to_string()),
        industry_code: row.industry_code,
        ipc_hints: from_json("ipc hints", &row.ipc_hints)?,
        region_name: region.as_ref().map(|code| code.name().to_string()).unwrap_or_default(),
        region_code: row.region_code,
        budget: Budget {
            max_total_cost_fen: row.max_total_cost_fen,
            years: row.budget_years.max(1) as u32,
            max_royalty_bp: row.max_royalty_bp.map(|bp| bp.max(0) as u32),
        },
        preferences: Preferences {
            free_period: Preference::parse(&row.free_period).unwrap_or_default(),
            trial: Preference::parse(&row.trial).unwrap_or_default(),
            fee_models: from_json("fee models", &row.fee_models)?,
        },
        status: DemandStatus::parse(&row.status).unwrap_or(DemandStatus::Closed),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// A demand by id with its organization's name, whoever asks.
pub(crate) async fn load_demand<C: ConnectionTrait>(conn: &C, id: DemandId) -> Result<Demand> {
    let row = demand::Entity::find_by_id(id.0).one(conn).await?.ok_or(Error::DemandNotFound)?;
    let organization = find_organization(conn, OrganizationId(row.organization_id)).await?;
    demand_view(row, organization.name)
}

/// A demand the caller may read: its own organization's, or any for an operator. Another
/// organization's demand is "not found", so its existence does not leak.
pub(crate) async fn readable_demand<C: ConnectionTrait>(conn: &C, actor: &Actor, id: DemandId) -> Result<Demand> {
    let demand = load_demand(conn, id).await?;
    if actor.belongs_to(demand.organization_id) || is_operator(actor) {
        return Ok(demand);
    }
    Err(Error::DemandNotFound)
}

/// [`readable_demand`] for ranking only: without its organization's name (one query fewer on
/// the hot path; ranking does not show it).
pub(crate) async fn readable_demand_to_rank<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: DemandId,
) -> Result<Demand> {
    let row = demand::Entity::find_by_id(id.0).one(conn).await?.ok_or(Error::DemandNotFound)?;
    if !actor.belongs_to(OrganizationId(row.organization_id)) && !is_operator(actor) {
        return Err(Error::DemandNotFound);
    }
    demand_view(row, String::new())
}

/// A demand the caller may change: its own organization's only.
pub(crate) async fn own_demand<C: ConnectionTrait>(conn: &C, actor: &Actor, id: DemandId) -> Result<Demand> {
    let demand = load_demand(conn, id).await?;
    if actor.belongs_to(demand.organization_id) {
        return Ok(demand);
    }
    if is_operator(actor) {
        return Err(Error::RoleNotAllowed { action: "change an enterprise's demand" });
    }
    Err(Error::DemandNotFound)
}
