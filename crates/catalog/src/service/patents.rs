//! Creating, reading, listing and editing patents, with organization scoping.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::json;

use super::audit::{self, AuditEntry};
use super::feed::append_changes;
use crate::error::{Error, Result};
use crate::model::actor::Actor;
use crate::model::eligibility::{self, Eligibility};
use crate::model::ids::{OrganizationId, PatentId};
use crate::model::input::{NewPatent, PatentPatch};
use crate::model::organization::OrganizationKind;
use crate::model::page::{Page, PageRequest};
use crate::model::patent::{Grade, LegalStatus, Patent, PatentType};
use crate::store::convert::{new_patent_row, patent_from_row, patent_to_input, set_descriptive_fields};
use crate::store::patent;

/// Universities see only their own patents; enterprises and operators read the whole catalog.
/// Another university's patent is reported as not found, so its existence does not leak.
pub(crate) fn ensure_can_read(actor: &Actor, patent: &Patent) -> Result<()> {
    if actor.is_university() && !actor.belongs_to(patent.organization_id) {
        return Err(Error::PatentNotFound);
    }
    Ok(())
}

/// Only the owning university edits a patent's description.
fn ensure_can_edit(actor: &Actor, patent: &Patent) -> Result<()> {
    ensure_can_read(actor, patent)?;
    if !actor.is_university() {
        return Err(Error::RoleNotAllowed { action: "edit patents" });
    }
    Ok(())
}

/// Loads the row and its domain view, locking the row on PostgreSQL (`FOR UPDATE`) so concurrent
/// writers of one patent serialize; SQLite serializes writers itself.
pub(crate) async fn load_for_update<C: ConnectionTrait>(conn: &C, id: PatentId) -> Result<(patent::Model, Patent)> {
    let mut query = patent::Entity::find_by_id(id.0);
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    let row = query.one(conn).await?.ok_or(Error::PatentNotFound)?;
    let patent = patent_from_row(row.clone())?;
    Ok((row, patent))
}

pub(crate) async fn load_patent<C: ConnectionTrait>(conn: &C, id: PatentId) -> Result<Patent> {
    let row = patent::Entity::find_by_id(id.0).one(conn).await?.ok_or(Error::PatentNotFound)?;
    Ok(patent_from_row(row)?)
}

/// Adds a patent to the caller's (a university's) catalog.
pub async fn create_patent(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &NewPatent,
    today: NaiveDate,
) -> Result<Patent> {
    if !actor.is_university() {
        return Err(Error::RoleNotAllowed { action: "add patents" });
    }
    let valid = input.validate(today).map_err(Error::Validation)?;
    let txn = db.begin().await?;
    let taken = patent::Entity::find()
        .filter(patent::Column::PublicationNumber.eq(valid.publication_number.as_str()))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(Error::PublicationNumberTaken);
    }
    let id = PatentId::generate();
    let row = new_patent_row(id.0, actor.organization_id, &valid, Utc::now());
    let inserted = row.insert(&txn).await.map_err(|error| match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::PublicationNumberTaken,
        _ => Error::Storage(error),
    })?;
    append_changes(&txn, &[id]).await?;
    let entry = AuditEntry::new("patent.create", "patent", id)
        .with_detail(json!({ "publication_number": valid.publication_number.as_str() }));
    audit::append(&txn, Some(actor), entry).await?;
    txn.commit().await?;
    Ok(patent_from_row(inserted)?)
}

/// One patent, if the caller may see it.
pub async fn patent(db: &DatabaseConnection, actor: &Actor, id: PatentId) -> Result<Patent> {
    let patent = load_patent(db, id).await?;
    ensure_can_read(actor, &patent)?;
    Ok(patent)
}

/// Several patents by id regardless of caller, in no particular order; missing ids are skipped.
pub async fn patents_by_ids<C: ConnectionTrait>(conn: &C, ids: &[PatentId]) -> Result<Vec<Patent>> {
    let mut patents = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows =
            patent::Entity::find().filter(patent::Column::Id.is_in(chunk.iter().map(|id| id.0))).all(conn).await?;
        for row in rows {
            patents.push(patent_from_row(row)?);
        }
    }
    Ok(patents)
}

/// All patents in id order, `limit` at a time after `after` (keyset paging, for rebuilding
/// derived state such as the search index).
pub async fn patents_after<C: ConnectionTrait>(conn: &C, after: Option<PatentId>, limit: u64) -> Result<Vec<Patent>> {
    let mut query = patent::Entity::find().order_by_asc(patent::Column::Id).limit(limit);
    if let Some(after) = after {
        query = query.filter(patent::Column::Id.gt(after.0));
    }
    let rows = query.all(conn).await?;
    Ok(rows.into_iter().map(patent_from_row).collect::<Result<Vec<_>, _>>()?)
}

/// How many patents the catalog holds.
pub async fn patent_count<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    Ok(patent::Entity::find().count(conn).await?)
}

/// Filters for the patent list.
#[derive(Debug, Clone, Default)]
pub struct PatentFilter {
    /// Operators may list one organization; universities always list their own.
    pub organization_id: Option<OrganizationId>,
    pub legal_status: Option<LegalStatus>,
    pub patent_type: Option<PatentType>,
    pub grade: Option<Grade>,
    pub state_funded: Option<bool>,
    /// Matches the main IPC code by prefix, e.g. `G06` or `G06F`.
    pub ipc_prefix: Option<String>,
    /// Substring of the title.
    pub title_contains: Option<String>,
}

/// Lists patents: a university its own, an operator any organization's. Enterprises search instead.
pub async fn list_patents(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &PatentFilter,
    page: PageRequest,
) -> Result<Page<Patent>> {
    let organization_id = match actor.kind {
        OrganizationKind::University => Some(actor.organization_id),
        OrganizationKind::Operator => filter.organization_id,
        OrganizationKind::Enterprise => return Err(Error::RoleNotAllowed { action: "list patents by organization" }),
    };
    let mut query = patent::Entity::find();
    if let Some(organization_id) = organization_id {
        query = query.filter(patent::Column::OrganizationId.eq(organization_id.0));
    }
    if let Some(status) = filter.legal_status {
        query = query.filter(patent::Column::LegalStatus.eq(status.code()));
    }
    if let Some(kind) = filter.patent_type {
        query = query.filter(patent::Column::PatentType.eq(kind.code()));
    }
    if let Some(grade) = filter.grade {
        query = query.filter(patent::Column::Grade.eq(grade.code()));
    }
    if let Some(state_funded) = filter.state_funded {
        query = query.filter(patent::Column::StateFunded.eq(state_funded));
    }
    if let Some(prefix) = &filter.ipc_prefix {
        query = query.filter(patent::Column::MainIpc.starts_with(prefix.as_str()));
    }
    if let Some(text) = &filter.title_contains {
        query = query.filter(patent::Column::Title.contains(text.as_str()));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(patent::Column::CreatedAt)
        .order_by_asc(patent::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let items = rows.into_iter().map(patent_from_row).collect::<Result<Vec<_>, _>>()?;
    Ok(Page { total, page: page.page, per_page: page.per_page, items })
}

/// Edits a patent's descriptive fields and re-validates the whole record.
pub async fn update_patent(
    db: &DatabaseConnection,
    actor: &Actor,
    id: PatentId,
    patch: PatentPatch,
    today: NaiveDate,
) -> Result<Patent> {
    let txn = db.begin().await?;
    let (row, current) = load_for_update(&txn, id).await?;
    ensure_can_edit(actor, &current)?;
    let mut input = patent_to_input(&current);
    patch.apply_to(&mut input);
    let valid = input.validate(today).map_err(Error::Validation)?;
    let mut active: patent::ActiveModel = row.into();
    set_descriptive_fields(&mut active, &valid);
    active.updated_at = sea_orm::ActiveValue::Set(Utc::now());
    let updated = active.update(&txn).await?;
    append_changes(&txn, &[id]).await?;
    audit::append(&txn, Some(actor), AuditEntry::new("patent.update", "patent", id)).await?;
    txn.commit().await?;
    Ok(patent_from_row(updated)?)
}

/// Checks design §2's rules for the owning university or an operator.
pub async fn eligibility(
    db: &DatabaseConnection,
    actor: &Actor,
    id: PatentId,
    today: NaiveDate,
) -> Result<Eligibility> {
    let patent = load_patent(db, id).await?;
    ensure_can_read(actor, &patent)?;
    if actor.kind == OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "check eligibility" });
    }
    Ok(eligibility::check(&patent, today))
}

/// Loads and locks a patent for a change by its owning university (an offer publication or
/// withdrawal): another organization's patent is not found, other roles are refused.
pub async fn lock_own_patent<C: ConnectionTrait>(conn: &C, actor: &Actor, id: PatentId) -> Result<Patent> {
    let (_, patent) = load_for_update(conn, id).await?;
    ensure_can_edit(actor, &patent)?;
    Ok(patent)
}

/// Loads and locks a patent whoever asks, so a license acceptance and a legal-status event on
/// the same patent serialize.
pub async fn lock_patent<C: ConnectionTrait>(conn: &C, id: PatentId) -> Result<Patent> {
    let (_, patent) = load_for_update(conn, id).await?;
    Ok(patent)
}

/// Records the patent's first license on `on` (later licenses leave it); call inside the
/// transaction that creates the license.
pub async fn mark_licensed<C: ConnectionTrait>(conn: &C, id: PatentId, on: NaiveDate) -> Result<()> {
    patent::Entity::update_many()
        .col_expr(patent::Column::LicensedSince, sea_orm::sea_query::Expr::value(on))
        .filter(patent::Column::Id.eq(id.0))
        .filter(patent::Column::LicensedSince.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Records whether an open-license offer is published on the patent (and, the first time, the
/// day `on`) and appends to the change feed; call inside the transaction that publishes or
/// withdraws the offer.
pub async fn set_open_offer<C: ConnectionTrait>(conn: &C, id: PatentId, published: bool, on: NaiveDate) -> Result<()> {
    let (row, _) = load_for_update(conn, id).await?;
    let first_offer = published && row.open_licensed_since.is_none();
    let mut active: patent::ActiveModel = row.into();
    active.open_offer = sea_orm::ActiveValue::Set(published);
    if first_offer {
        active.open_licensed_since = sea_orm::ActiveValue::Set(Some(on));
    }
    active.updated_at = sea_orm::ActiveValue::Set(Utc::now());
    active.update(conn).await?;
    append_changes(conn, &[id]).await?;
    Ok(())
}
