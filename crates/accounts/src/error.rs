//! The accounts crate's errors.

use catalog::model::field_error::FieldError;

/// Everything an accounts operation can refuse.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("an account with this e-mail already exists")]
    EmailTaken,
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    #[error("user not found")]
    UserNotFound,
    #[error(transparent)]
    Catalog(#[from] catalog::Error),
    #[error("password hashing failed")]
    Hashing,
    #[error("storage failure")]
    Storage(#[from] sea_orm::DbErr),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
