//! A validated search request: the filters, facets, sort and page a caller asked for.

use catalog::model::ipc::IpcCode;
use catalog::model::patent::{Grade, PatentType};
use catalog::model::reference::{IndustryCode, RegionCode};

use crate::error::{Error, Result};

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest grant first.
    GrantDate,
    /// Cheapest first-year cost first; patents without an offer last.
    Cost,
}

impl Sort {
    pub fn parse(raw: &str) -> Result<Self> {
        match raw {
            "relevance" => Ok(Self::Relevance),
            "grant_date" => Ok(Self::GrantDate),
            "cost" => Ok(Self::Cost),
            other => Err(invalid("sort", format!("未知排序“{other}”，应为 relevance、grant_date 或 cost"))),
        }
    }
}

/// A facet the caller can ask counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FacetKind {
    IpcSection,
    IpcClass,
    PatentType,
    FeeModel,
    Region,
    University,
    Industry,
}

impl FacetKind {
    pub const ALL: [FacetKind; 7] = [
        Self::IpcSection,
        Self::IpcClass,
        Self::PatentType,
        Self::FeeModel,
        Self::Region,
        Self::University,
        Self::Industry,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::IpcSection => "ipc_section",
            Self::IpcClass => "ipc_class",
            Self::PatentType => "patent_type",
            Self::FeeModel => "fee_model",
            Self::Region => "region",
            Self::University => "university",
            Self::Industry => "industry",
        }
    }

    /// Parses a comma-separated list; `all` asks for every facet.
    pub fn parse_list(raw: &str) -> Result<Vec<Self>> {
        let mut kinds = Vec::new();
        for name in raw.split(',').map(str::trim).filter(|name| !name.is_empty()) {
            if name == "all" {
                return Ok(Self::ALL.to_vec());
            }
            let Some(kind) = Self::ALL.into_iter().find(|kind| kind.name() == name) else {
                let known: Vec<&str> = Self::ALL.iter().map(|kind| kind.name()).collect();
                return Err(invalid("facets", format!("未知分面“{name}”，可用：{}、all", known.join("、"))));
            };
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        Ok(kinds)
    }
}

/// Fee models an offer can have (design §3).
pub const FEE_MODELS: [&str; 4] = ["free", "lump_sum", "royalty", "entry_fee_royalty"];

/// An IPC filter at the level the caller wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpcFilter {
    Section(String),
    Class(String),
    Subclass(String),
    Group(String),
}

impl IpcFilter {
    pub fn parse(raw: &str) -> Result<Self> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let bytes = compact.as_bytes();
        let section_ok = bytes.first().is_some_and(|b| (b'A'..=b'H').contains(b));
        match compact.len() {
            1 if section_ok => Ok(Self::Section(compact)),
            3 if section_ok && bytes[1].is_ascii_digit() && bytes[2].is_ascii_digit() => Ok(Self::Class(compact)),
            _ => match IpcCode::parse(&compact) {
                Ok(code) => match code.main_group() {
                    Some(group) => Ok(Self::Group(group)),
                    None => Ok(Self::Subclass(code.subclass().to_string())),
                },
                Err(_) => Err(invalid(
                    "ipc",
                    format!("IPC“{raw}”无效，可写部（G）、大类（G06）、小类（G06F）或大组（G06F 16/00）"),
                )),
            },
        }
    }
}

/// Everything a search may ask for, validated.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub ipc: Option<IpcFilter>,
    pub patent_type: Option<PatentType>,
    pub industry: Option<IndustryCode>,
    pub region: Option<RegionCode>,
    /// An organization id or exact name.
    pub university: Option<String>,
    pub grade: Option<Grade>,
    pub offer: Option<bool>,
    pub fee_model: Option<String>,
    pub free_period: Option<bool>,
    pub trial: Option<bool>,
    pub max_cost_fen: Option<i64>,
    pub min_remaining_years: Option<u32>,
    pub sort: Sort,
    pub page: usize,
    pub per_page: usize,
    pub facets: Vec<FacetKind>,
    pub highlight: bool,
    /// When only any-word matches exist and no facets are asked for, matches are counted exactly
    /// up to this many (default [`MAX_RESULT_WINDOW`]) and the total is a lower bound beyond it.
    pub total_limit: Option<usize>,
}

/// Deepest result a page may reach; deeper paging is refused rather than slow.
pub const MAX_RESULT_WINDOW: usize = 10_000;

pub(crate) fn invalid(field: &'static str, message: String) -> Error {
    Error::InvalidQuery { field, code: "invalid", message }
}

impl SearchRequest {
    /// Checks the paging window and value ranges.
    pub fn check(&self) -> Result<()> {
        if self.page == 0 || self.per_page == 0 {
            return Err(invalid("page", "page 和 per_page 从 1 开始".into()));
        }
        if self.page.saturating_mul(self.per_page) > MAX_RESULT_WINDOW {
            return Err(Error::InvalidQuery {
                field: "page",
                code: "page_too_deep",
                message: format!("只能翻到前 {MAX_RESULT_WINDOW} 条结果，请缩小查询范围"),
            });
        }
        if let Some(model) = &self.fee_model
            && !FEE_MODELS.contains(&model.as_str())
        {
            return Err(invalid("fee_model", format!("未知收费方式“{model}”，应为 {}", FEE_MODELS.join("、"))));
        }
        if self.max_cost_fen.is_some_and(|cost| cost < 0) {
            return Err(invalid("max_cost_fen", "max_cost_fen 不能为负数".into()));
        }
        Ok(())
    }
}
