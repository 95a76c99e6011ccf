//! Reading bulk-import files (JSONL, CSV, XLSX) into patent inputs, one per data row.
//!
//! A file whose structure is broken (invalid JSON on a line, ragged CSV, not an XLSX archive,
//! unknown columns) is refused whole. A well-formed row with bad values becomes a per-row
//! rejection later, so the valid rows of the file are still kept.

mod columns;
mod csv_file;
mod jsonl;
mod xlsx;

pub use columns::accepted_columns;

use crate::error::Result;
use crate::model::field_error::FieldError;
use crate::model::input::NewPatent;

/// Supported import formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Jsonl,
    Csv,
    Xlsx,
}

impl ImportFormat {
    /// From a request's `Content-Type` (parameters such as `charset` ignored).
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match essence.as_str() {
            "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/json-seq" => {
                Some(Self::Jsonl)
            }
            "text/csv" => Some(Self::Csv),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(Self::Xlsx),
            _ => None,
        }
    }

    /// From a file name's extension.
    pub fn from_path(path: &str) -> Option<Self> {
        let extension = path.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        match extension.as_str() {
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

/// One data row: its line (JSONL) or spreadsheet row number, and the input or why it could not be read.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: u64,
    pub input: Result<NewPatent, FieldError>,
}

/// Parses a whole file.
pub fn parse(format: ImportFormat, bytes: &[u8]) -> Result<Vec<ImportRow>> {
    match format {
        ImportFormat::Jsonl => jsonl::parse(bytes),
        ImportFormat::Csv => csv_file::parse(bytes),
        ImportFormat::Xlsx => xlsx::parse(bytes),
    }
}
