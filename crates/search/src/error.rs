//! The search crate's errors.

use std::path::PathBuf;

/// What a search or indexing operation can refuse.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The query string cannot be understood; the message says what to change.
    #[error("{message}")]
    InvalidQuery { field: &'static str, code: &'static str, message: String },
    #[error("index error: {0}")]
    Index(String),
    #[error("cannot use {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error(transparent)]
    Catalog(#[from] catalog::Error),
}

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Self {
        Self::Index(error.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
