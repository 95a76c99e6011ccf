//! Pagination shared by every list.

use serde::Serialize;

/// A validated page request: `page` from 1, `per_page` within the configured maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

/// One page of results and the total count.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub items: Vec<T>,
}
