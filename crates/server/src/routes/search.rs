//! Full-text search over the catalog.

use actix_web::{HttpResponse, get, web};
use catalog::model::patent::{Grade, PatentType};
use catalog::model::reference::{IndustryCode, RegionCode};
use search::request::{FacetKind, IpcFilter, SearchRequest, Sort};
use search::search::SearchResults;
use search::service::SearchService;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::config::{PaginationSettings, SearchSettings};
use crate::error::{ApiError, Problem};
use crate::pagination::page_request;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Chinese text; `"…"` for an exact phrase; `title:`, `abstract:`, `claims:`, `keywords:` to
    /// scope a word; a publication or application number finds that patent.
    pub q: Option<String>,
    /// IPC section (`G`), class (`G06`), subclass (`G06F`) or main group (`G06F 16/00`).
    pub ipc: Option<String>,
    pub patent_type: Option<PatentType>,
    /// GB/T 4754 code of the holding organization's industry.
    pub industry: Option<String>,
    /// Administrative-division code (province or county) of the holding organization.
    pub region: Option<String>,
    /// The holding university's id or exact name.
    pub university: Option<String>,
    pub grade: Option<Grade>,
    /// Only patents with (true) or without (false) an offer in force.
    pub offer: Option<bool>,
    /// `free`, `lump_sum`, `royalty` or `entry_fee_royalty`.
    pub fee_model: Option<String>,
    /// Offers with a free period (限期免费).
    pub free_period: Option<bool>,
    /// Offers with a trial (先用后付).
    pub trial: Option<bool>,
    /// Largest first-year cost, in fen.
    pub max_cost_fen: Option<i64>,
    /// Patents with at least this many years of term left.
    pub min_remaining_years: Option<u32>,
    /// `relevance` (default), `grant_date` or `cost`.
    pub sort: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// Comma-separated: ipc_section, ipc_class, patent_type, fee_model, region, university, industry, or all.
    pub facets: Option<String>,
    /// Highlighted snippets (default true).
    pub highlight: Option<bool>,
}

fn invalid(field: &'static str, message: String) -> ApiError {
    search::Error::InvalidQuery { field, code: "invalid", message }.into()
}

impl SearchQuery {
    fn into_request(
        self,
        settings: &SearchSettings,
        pagination: &PaginationSettings,
    ) -> Result<SearchRequest, ApiError> {
        let limits = PaginationSettings { max_per_page: settings.max_per_page, ..pagination.clone() };
        let page = page_request(&limits, self.page, self.per_page)?;
        let ipc = self.ipc.as_deref().map(IpcFilter::parse).transpose()?;
        let industry = match self.industry.as_deref() {
            Some(raw) => Some(IndustryCode::parse(raw).map_err(|error| invalid("industry", error.to_string()))?),
            None => None,
        };
        let region = match self.region.as_deref() {
            Some(raw) => Some(RegionCode::parse(raw).map_err(|error| invalid("region", error.to_string()))?),
            None => None,
        };
        Ok(SearchRequest {
            q: self.q.unwrap_or_default(),
            ipc,
            patent_type: self.patent_type,
            industry,
            region,
            university: self.university.map(|value| value.trim().to_string()).filter(|value| !value.is_empty()),
            grade: self.grade,
            offer: self.offer,
            fee_model: self.fee_model,
            free_period: self.free_period,
            trial: self.trial,
            max_cost_fen: self.max_cost_fen,
            min_remaining_years: self.min_remaining_years,
            sort: self.sort.as_deref().map(Sort::parse).transpose()?.unwrap_or_default(),
            page: usize::try_from(page.page).unwrap_or(usize::MAX),
            per_page: usize::try_from(page.per_page).unwrap_or(usize::MAX),
            facets: self.facets.as_deref().map(FacetKind::parse_list).transpose()?.unwrap_or_default(),
            highlight: self.highlight.unwrap_or(true),
            total_limit: None,
        })
    }
}

/// Search the published catalogue (no login needed).
#[utoipa::path(
    tag = "search",
    params(SearchQuery),
    responses(
        (status = 200, body = SearchResults),
        (status = 400, description = "malformed query, unknown filter or page out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search/patents")]
pub async fn search_patents(
    service: web::Data<SearchService>,
    clock: web::Data<crate::clock::Clock>,
    settings: web::Data<SearchSettings>,
    pagination: web::Data<PaginationSettings>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = query.into_inner().into_request(&settings, &pagination)?;
    Ok(HttpResponse::Ok().json(service.search(&request, clock.today())?))
}
