//! Technical demands (技术需求): what an enterprise needs, its budget and its preferences.

use catalog::model::field_error::{FieldError, FieldErrors};
use catalog::model::ids::OrganizationId;
use catalog::model::reference::{IndustryCode, RegionCode};
use chrono::{DateTime, Utc};
use search::request::{FEE_MODELS, IpcFilter};
use serde::{Deserialize, Serialize};

use super::ids::DemandId;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// Longest description, in characters (real demands run to a few thousand).
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
pub const MAX_IPC_HINTS: usize = 5;
/// Years over which a budget may be counted.
pub const MAX_BUDGET_YEARS: u32 = 20;
pub const DEFAULT_BUDGET_YEARS: u32 = 3;
/// ¥20,000,000: the largest fixed fee an offer may carry, so no budget needs more.
pub const MAX_BUDGET_FEN: i64 = 2_000_000_000;

/// Whether a demand is still looking for technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DemandStatus {
    Open,
    Closed,
}

impl DemandStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Open, Self::Closed].into_iter().find(|status| status.code() == raw)
    }
}

/// How much an enterprise cares about an offer feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Preference {
    /// Not considered.
    #[default]
    Any,
    /// Ranks offers that have it higher.
    Preferred,
    /// Offers without it are not matched.
    Required,
}

impl Preference {
    pub fn code(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Preferred => "preferred",
            Self::Required => "required",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Any, Self::Preferred, Self::Required].into_iter().find(|preference| preference.code() == raw)
    }

    pub fn wanted(self) -> bool {
        self != Self::Any
    }
}

/// What the enterprise can pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Budget {
    /// Most the fixed payments (lump sums, entry fees, minimums) may total over `years`, fen.
    pub max_total_cost_fen: Option<i64>,
    /// License years the total is counted over.
    pub years: u32,
    /// Highest acceptable royalty rate, basis points.
    pub max_royalty_bp: Option<u32>,
}

/// Offer features the enterprise wants.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preferences {
    /// 限期免费.
    pub free_period: Preference,
    /// 先用后付.
    pub trial: Preference,
    /// Acceptable fee models; empty accepts all.
    pub fee_models: Vec<String>,
}

/// A technical demand as its organization and operators see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Demand {
    pub id: DemandId,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub title: String,
    pub description: String,
    pub industry_code: Option<String>,
    pub industry_name: Option<String>,
    /// IPC hints at any level: section `B`, class `B21`, subclass `B21D` or group `B21D 43/00`.
    pub ipc_hints: Vec<String>,
    pub region_code: String,
    pub region_name: String,
    pub budget: Budget,
    pub preferences: Preferences,
    pub status: DemandStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Budget as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    pub max_total_cost_fen: Option<i64>,
    /// Default 3.
    pub years: Option<i64>,
    pub max_royalty_bp: Option<i64>,
}

/// Preferences as posted: `any`, `preferred` or `required`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreferencesInput {
    pub free_period: Option<String>,
    pub trial: Option<String>,
    pub fee_models: Option<Vec<String>>,
}

/// A demand as posted (`POST /demands`), or the fields a `PATCH` replaces.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DemandInput {
    pub title: Option<String>,
    pub description: Option<String>,
    /// GB/T 4754-2017 code.
    pub industry_code: Option<String>,
    pub ipc_hints: Option<Vec<String>>,
    /// Administrative-division code; the organization's region when absent.
    pub region_code: Option<String>,
    pub budget: Option<BudgetInput>,
    pub preferences: Option<PreferencesInput>,
    /// `open` (default) or `closed`.
    pub status: Option<String>,
}

/// A validated demand, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidDemand {
    pub title: String,
    pub description: String,
    pub industry_code: Option<IndustryCode>,
    pub ipc_hints: Vec<String>,
    pub region_code: RegionCode,
    pub budget: Budget,
    pub preferences: Preferences,
    pub status: DemandStatus,
}

/// The canonical text of an IPC hint at the level it was written.
fn ipc_hint(raw: &str) -> Option<String> {
    match IpcFilter::parse(raw).ok()? {
        IpcFilter::Section(code) | IpcFilter::Class(code) | IpcFilter::Subclass(code) | IpcFilter::Group(code) => {
            Some(code)
        }
    }
}

fn preference(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Preference {
    let Some(raw) = raw else { return Preference::Any };
    Preference::parse(raw).unwrap_or_else(|| {
        errors.push(field, "invalid", format!("{field} 应为 any（不限）、preferred（优先）或 required（必须）"));
        Preference::Any
    })
}

impl DemandInput {
    /// Validates every field at once; `default_region` is the organization's region.
    pub fn validate(&self, default_region: &RegionCode) -> Result<ValidDemand, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let title = errors.required_text("title", self.title.as_deref(), MAX_TITLE_CHARS);
        if title.as_ref().is_some_and(|title| title.chars().count() < 2) {
            errors.push("title", "too_short", "title 至少 2 个字符");
        }
        let description = errors.required_text("description", self.description.as_deref(), MAX_DESCRIPTION_CHARS);
        if description.as_ref().is_some_and(|text| text.chars().count() < 10) {
            errors.push("description", "too_short", "description 至少 10 个字符，请写明技术问题和指标");
        }
        let industry_code = match self.industry_code.as_deref().map(str::trim).filter(|code| !code.is_empty()) {
            None => None,
            Some(raw) => IndustryCode::parse(raw)
                .map_err(|error| errors.push("industry_code", "unknown_industry", error.to_string()))
                .ok(),
        };
        let raw_hints = self.ipc_hints.clone().unwrap_or_default();
        let mut ipc_hints: Vec<String> = Vec::new();
        for raw in errors.text_list("ipc_hints", &raw_hints, MAX_IPC_HINTS, 20) {
            match ipc_hint(&raw) {
                Some(code) if !ipc_hints.contains(&code) => ipc_hints.push(code),
                Some(_) => {}
                None => errors.push(
                    "ipc_hints",
                    "invalid_ipc",
                    format!("IPC“{raw}”无效，可写部（G）、大类（G06）、小类（G06F）或大组（G06F 16/00）"),
                ),
            }
        }
        let region_code = match self.region_code.as_deref().map(str::trim).filter(|code| !code.is_empty()) {
            None => Some(default_region.clone()),
            Some(raw) => RegionCode::parse(raw)
                .map_err(|error| errors.push("region_code", "unknown_region", error.to_string()))
                .ok(),
        };
        let budget = self.budget.clone().unwrap_or_default();
        if budget.max_total_cost_fen.is_some_and(|fen| !(0..=MAX_BUDGET_FEN).contains(&fen)) {
            errors.push("budget.max_total_cost_fen", "out_of_range", "预算总额应在 0 到 2,000 万元（分）之间");
        }
        let years = budget.years.unwrap_or(i64::from(DEFAULT_BUDGET_YEARS));
        if !(1..=i64::from(MAX_BUDGET_YEARS)).contains(&years) {
            errors.push("budget.years", "out_of_range", format!("预算年限应在 1 到 {MAX_BUDGET_YEARS} 年之间"));
        }
        if budget.max_royalty_bp.is_some_and(|bp| !(0..=10_000).contains(&bp)) {
            errors.push("budget.max_royalty_bp", "out_of_range", "可接受的提成比例应在 0 到 100%（10000 基点）之间");
        }
        let preferences = self.preferences.clone().unwrap_or_default();
        let free_period = preference(&mut errors, "preferences.free_period", preferences.free_period.as_deref());
        let trial = preference(&mut errors, "preferences.trial", preferences.trial.as_deref());
        let mut fee_models: Vec<String> = Vec::new();
        for model in preferences.fee_models.as_deref().unwrap_or_default() {
            if !FEE_MODELS.contains(&model.as_str()) {
                errors.push(
                    "preferences.fee_models",
                    "unknown_fee_model",
                    format!("未知收费方式“{model}”，应为 {}", FEE_MODELS.join("、")),
                );
            } else if !fee_models.contains(model) {
                fee_models.push(model.clone());
            }
        }
        let status = match self.status.as_deref() {
            None => DemandStatus::Open,
            Some(raw) => DemandStatus::parse(raw).unwrap_or_else(|| {
                errors.push("status", "invalid", "status 应为 open（征集中）或 closed（已关闭）");
                DemandStatus::Open
            }),
        };
        errors.finish(|| ValidDemand {
            title: title.unwrap_or_default(),
            description: description.unwrap_or_default(),
            industry_code,
            ipc_hints,
            region_code: region_code.unwrap_or_else(|| default_region.clone()),
            budget: Budget {
                max_total_cost_fen: budget.max_total_cost_fen,
                years: u32::try_from(years).unwrap_or(DEFAULT_BUDGET_YEARS),
                max_royalty_bp: budget.max_royalty_bp.and_then(|bp| u32::try_from(bp).ok()),
            },
            preferences: Preferences { free_period, trial, fee_models },
            status,
        })
    }

    /// This input's fields laid over `current` (a `PATCH`): what is given replaces, the rest
    /// stays — inside `budget` and `preferences` too, field by field.
    pub fn over(&self, current: &Demand) -> DemandInput {
        let given_budget = self.budget.clone().unwrap_or_default();
        let budget = BudgetInput {
            max_total_cost_fen: given_budget.max_total_cost_fen.or(current.budget.max_total_cost_fen),
            years: given_budget.years.or(Some(i64::from(current.budget.years))),
            max_royalty_bp: given_budget.max_royalty_bp.or(current.budget.max_royalty_bp.map(i64::from)),
        };
        let given_preferences = self.preferences.clone();
        let preferences = PreferencesInput {
            free_period: given_preferences
                .as_ref()
                .and_then(|given| given.free_period.clone())
                .or_else(|| Some(current.preferences.free_period.code().to_string())),
            trial: given_preferences
                .as_ref()
                .and_then(|given| given.trial.clone())
                .or_else(|| Some(current.preferences.trial.code().to_string())),
            fee_models: given_preferences
                .as_ref()
                .and_then(|given| given.fee_models.clone())
                .or_else(|| Some(current.preferences.fee_models.clone())),
        };
        DemandInput {
            title: self.title.clone().or_else(|| Some(current.title.clone())),
            description: self.description.clone().or_else(|| Some(current.description.clone())),
            industry_code: self.industry_code.clone().or_else(|| current.industry_code.clone()),
            ipc_hints: self.ipc_hints.clone().or_else(|| Some(current.ipc_hints.clone())),
            region_code: self.region_code.clone().or_else(|| Some(current.region_code.clone())),
            budget: Some(budget),
            preferences: Some(preferences),
            status: self.status.clone().or_else(|| Some(current.status.code().to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region() -> RegionCode {
        RegionCode::parse("110108").unwrap()
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let input = DemandInput {
            title: Some(" ".into()),
            description: Some("太短".into()),
            industry_code: Some("Z99".into()),
            ipc_hints: Some(vec!["not-ipc".into()]),
            region_code: Some("999999".into()),
            budget: Some(BudgetInput { max_total_cost_fen: Some(-1), years: Some(0), max_royalty_bp: Some(-3) }),
            preferences: Some(PreferencesInput {
                free_period: Some("maybe".into()),
                trial: None,
                fee_models: Some(vec!["barter".into()]),
            }),
            status: Some("paused".into()),
        };
        let fields: Vec<String> = input.validate(&region()).unwrap_err().into_iter().map(|error| error.field).collect();
        assert_eq!(
            fields,
            [
                "title",
                "description",
                "industry_code",
                "ipc_hints",
                "region_code",
                "budget.max_total_cost_fen",
                "budget.years",
                "budget.max_royalty_bp",
                "preferences.free_period",
                "preferences.fee_models",
                "status"
            ]
        );
    }

    #[test]
    fn defaults_fill_region_years_preferences_and_status_and_hints_are_canonical() {
        let input = DemandInput {
            title: Some("防爆锂离子电池的研发".into()),
            description: Some("国内锂离子电池产品存在安全隐患问题，需要防爆技术。".into()),
            ipc_hints: Some(vec!["h01m".into(), "B21D 43/00".into(), "H01M".into()]),
            ..Default::default()
        };
        let valid = input.validate(&region()).unwrap();
        assert_eq!(valid.ipc_hints, ["H01M", "B21D 43/00"]);
        assert_eq!(valid.region_code, region());
        assert_eq!(valid.budget.years, DEFAULT_BUDGET_YEARS);
        assert_eq!(valid.preferences.free_period, Preference::Any);
        assert_eq!(valid.status, DemandStatus::Open);
    }
}
