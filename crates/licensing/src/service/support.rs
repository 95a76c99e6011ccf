//! Helpers shared by the licensing services.

use catalog::model::organization::Organization;
use catalog::service::organizations::find_organization;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect, Select};

use crate::error::{Error, Result};

/// Adds `FOR UPDATE` on PostgreSQL so concurrent writers of one row serialize; SQLite
/// serializes writers itself.
pub(crate) fn locked<E: EntityTrait, C: ConnectionTrait>(conn: &C, query: Select<E>) -> Select<E> {
    if conn.get_database_backend() == DbBackend::Postgres {
        return query.lock_exclusive();
    }
    query
}

/// A unique key a concurrent transaction just committed, or a deadlock, is a conflict the
/// caller can retry, not a storage failure.
pub(crate) fn is_conflict(error: &sea_orm::DbErr) -> bool {
    if matches!(error.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) {
        return true;
    }
    let message = error.to_string();
    message.contains("deadlock detected") || message.contains("could not serialize access")
}

pub(crate) fn write_error(error: sea_orm::DbErr) -> Error {
    if is_conflict(&error) { Error::ConcurrentWrite } else { Error::Storage(error) }
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|_| Error::Storage(sea_orm::DbErr::Custom(format!("corrupt stored {what}"))))
}

pub(crate) async fn organization<C: ConnectionTrait>(
    conn: &C,
    id: catalog::model::ids::OrganizationId,
) -> Result<Organization> {
    Ok(find_organization(conn, id).await?)
}
