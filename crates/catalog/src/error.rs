//! The catalog's errors. `server` maps each variant to an HTTP problem.

use super::model::field_error::FieldError;

/// Everything a catalog operation can refuse.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("this role may not {action}")]
    RoleNotAllowed { action: &'static str },
    #[error("organization not found")]
    OrganizationNotFound,
    #[error("an organization with this name already exists")]
    OrganizationNameTaken,
    #[error("organization already verified")]
    OrganizationAlreadyVerified,
    #[error("patent not found")]
    PatentNotFound,
    #[error("a patent with this publication number already exists")]
    PublicationNumberTaken,
    #[error("the legal-status event does not apply: {message}")]
    EventNotApplicable { code: &'static str, message: String },
    #[error("the import file is malformed at line {line}: {message}")]
    ImportMalformed { line: u64, message: String },
    #[error("the import file has unknown columns: {0:?}")]
    ImportUnknownColumns(Vec<String>),
    #[error("a concurrent write changed the same patents; nothing was written")]
    ConcurrentWrite,
    #[error("storage failure")]
    Storage(#[from] sea_orm::DbErr),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A write refused because a concurrent transaction touched the same rows (a unique key it just
/// committed, or a deadlock or serialization failure on PostgreSQL) is a conflict the caller can
/// retry, not a storage failure.
pub(crate) fn write_error(error: sea_orm::DbErr) -> Error {
    if matches!(error.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) {
        return Error::ConcurrentWrite;
    }
    let message = error.to_string();
    if message.contains("deadlock detected") || message.contains("could not serialize access") {
        return Error::ConcurrentWrite;
    }
    Error::Storage(error)
}
