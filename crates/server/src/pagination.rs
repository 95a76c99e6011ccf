//! Page parameters with the configured default and maximum.

use catalog::model::field_error::FieldError;
use catalog::model::page::PageRequest;

use crate::config::PaginationSettings;
use crate::error::{ApiError, ErrorCode};

/// Turns `page` and `per_page` query values into a page request, refusing out-of-range values
/// rather than silently clamping them.
pub fn page_request(
    settings: &PaginationSettings,
    page: Option<u64>,
    per_page: Option<u64>,
) -> Result<PageRequest, ApiError> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(settings.default_per_page);
    let mut errors = Vec::new();
    if page == 0 {
        errors.push(FieldError::new("page", "out_of_range", "page 从 1 开始"));
    }
    if per_page == 0 || per_page > settings.max_per_page {
        errors.push(FieldError::new(
            "per_page",
            "out_of_range",
            format!("per_page 应在 1 到 {} 之间", settings.max_per_page),
        ));
    }
    if errors.is_empty() {
        return Ok(PageRequest { page, per_page });
    }
    let detail = errors.iter().map(|error| error.message.as_str()).collect::<Vec<_>>().join("；");
    Err(ApiError { code: ErrorCode::MalformedQuery, detail, errors })
}
