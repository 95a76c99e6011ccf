//! Organizations: universities publish patents, enterprises license them, the operator runs the platform.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::field_error::{FieldError, FieldErrors};
use super::ids::OrganizationId;
use super::reference::{IndustryCode, RegionCode};

/// What kind of organization this is; a user's role is its organization's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// 高校 / 科研院所
    University,
    /// 企业（中小企业）
    Enterprise,
    /// 平台运营方
    Operator,
}

impl OrganizationKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::University => "university",
            Self::Enterprise => "enterprise",
            Self::Operator => "operator",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "university" => Some(Self::University),
            "enterprise" => Some(Self::Enterprise),
            "operator" => Some(Self::Operator),
            _ => None,
        }
    }
}

/// A registered organization.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub kind: OrganizationKind,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "110108"))]
    pub region_code: RegionCode,
    /// Chinese name of the region, e.g. 海淀区.
    pub region_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["C", "39"])))]
    pub industry_codes: Vec<IndustryCode>,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Raw registration input for an organization, as it arrives.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOrganization {
    /// 机构名称
    #[cfg_attr(feature = "openapi", schema(example = "示范理工大学"))]
    pub name: Option<String>,
    /// `university` or `enterprise` (operators are created by `kaixu operator create`).
    #[cfg_attr(feature = "openapi", schema(example = "university"))]
    pub kind: Option<String>,
    /// Six-digit administrative-division code.
    #[cfg_attr(feature = "openapi", schema(example = "110108"))]
    pub region_code: Option<String>,
    /// GB/T 4754-2017 industry codes.
    #[serde(default)]
    pub industry_codes: Vec<String>,
}

/// A registration input that passed validation.
#[derive(Debug, Clone)]
pub struct ValidOrganization {
    pub name: String,
    pub kind: OrganizationKind,
    pub region_code: RegionCode,
    pub industry_codes: Vec<IndustryCode>,
}

impl NewOrganization {
    /// Validates every field; `allow_operator` is true only for the operator CLI.
    pub fn validate(&self, allow_operator: bool, errors: &mut FieldErrors) -> Option<ValidOrganization> {
        let name = errors.required_text("organization.name", self.name.as_deref(), 100);
        let kind = match self.kind.as_deref().map(OrganizationKind::parse) {
            Some(Some(OrganizationKind::Operator)) if !allow_operator => {
                errors.push("organization.kind", "invalid", "运营方账号只能由 kaixu operator create 创建");
                None
            }
            Some(Some(kind)) => Some(kind),
            Some(None) => {
                errors.push("organization.kind", "invalid", "机构类型应为 university（高校）或 enterprise（企业）");
                None
            }
            None => {
                errors.push("organization.kind", "required", "organization.kind 为必填项");
                None
            }
        };
        let region_code = match self.region_code.as_deref() {
            None => {
                errors.push("organization.region_code", "required", "organization.region_code 为必填项");
                None
            }
            Some(raw) => RegionCode::parse(raw)
                .map_err(|error| errors.push("organization.region_code", "invalid", error.to_string()))
                .ok(),
        };
        if self.industry_codes.len() > 20 {
            errors.push("organization.industry_codes", "too_many", "行业代码最多 20 个");
        }
        let mut industry_codes = Vec::new();
        for raw in &self.industry_codes {
            match IndustryCode::parse(raw) {
                Ok(code) if !industry_codes.contains(&code) => industry_codes.push(code),
                Ok(_) => {}
                Err(error) => errors.push("organization.industry_codes", "invalid", error.to_string()),
            }
        }
        Some(ValidOrganization { name: name?, kind: kind?, region_code: region_code?, industry_codes })
    }

    /// Validates on its own, for callers that have no other fields to report.
    pub fn validated(&self, allow_operator: bool) -> Result<ValidOrganization, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let valid = self.validate(allow_operator, &mut errors);
        match valid {
            Some(valid) if errors.is_empty() => Ok(valid),
            _ => Err(errors.into_vec()),
        }
    }
}
