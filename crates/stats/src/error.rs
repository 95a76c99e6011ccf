//! The stats crate's errors. `server` maps each variant to an HTTP problem.

use catalog::model::field_error::FieldError;

/// Everything a stats operation can refuse.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("this role may not {action}")]
    RoleNotAllowed { action: &'static str },
    #[error("catalog: {0}")]
    Catalog(#[from] catalog::Error),
    #[error("storage failure")]
    Storage(#[from] sea_orm::DbErr),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
