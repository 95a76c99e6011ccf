//! Structured feedback of an enterprise on a matched patent.

use catalog::model::field_error::{FieldError, FieldErrors};
use catalog::model::ids::{OrganizationId, PatentId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::DemandId;

/// Longest text of improvement needs, in characters.
pub const MAX_NEEDS_CHARS: usize = 2000;

/// What the enterprise would like to do with the patent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CooperationIntent {
    None,
    License,
    JointDevelopment,
    Purchase,
    TalkFirst,
}

impl CooperationIntent {
    pub const ALL: [Self; 5] = [Self::None, Self::License, Self::JointDevelopment, Self::Purchase, Self::TalkFirst];

    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::License => "license",
            Self::JointDevelopment => "joint_development",
            Self::Purchase => "purchase",
            Self::TalkFirst => "talk_first",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::None => "暂无合作意向",
            Self::License => "获得许可",
            Self::JointDevelopment => "联合开发",
            Self::Purchase => "购买专利",
            Self::TalkFirst => "先行洽谈",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|intent| intent.code() == raw)
    }
}

/// Feedback as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FeedbackInput {
    pub relevant: Option<bool>,
    /// 产业化前景, 1 (poor) to 5 (excellent).
    pub prospect: Option<i64>,
    /// 技术改进需求.
    pub improvement_needs: Option<String>,
    /// `none`, `license`, `joint_development`, `purchase` or `talk_first`; default `none`.
    pub cooperation_intent: Option<String>,
}

/// Validated feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFeedback {
    pub relevant: bool,
    pub prospect: Option<u8>,
    pub improvement_needs: Option<String>,
    pub cooperation_intent: CooperationIntent,
}

impl FeedbackInput {
    pub fn validate(&self) -> Result<ValidFeedback, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.relevant.is_none() {
            errors.push("relevant", "required", "relevant 为必填项（true 相关 / false 不相关）");
        }
        if self.prospect.is_some_and(|prospect| !(1..=5).contains(&prospect)) {
            errors.push("prospect", "out_of_range", "prospect（产业化前景）应为 1 到 5");
        }
        let needs = errors.optional_text("improvement_needs", self.improvement_needs.as_deref(), MAX_NEEDS_CHARS);
        let intent = match self.cooperation_intent.as_deref() {
            None => CooperationIntent::None,
            Some(raw) => CooperationIntent::parse(raw).unwrap_or_else(|| {
                errors.push(
                    "cooperation_intent",
                    "invalid",
                    "cooperation_intent 应为 none、license、joint_development、purchase 或 talk_first",
                );
                CooperationIntent::None
            }),
        };
        errors.finish(|| ValidFeedback {
            relevant: self.relevant.unwrap_or_default(),
            prospect: self.prospect.and_then(|prospect| u8::try_from(prospect).ok()),
            improvement_needs: needs,
            cooperation_intent: intent,
        })
    }
}

/// Feedback as the enterprise and the patent's university see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub demand_id: DemandId,
    pub demand_title: String,
    pub patent_id: PatentId,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub relevant: bool,
    pub prospect: Option<u8>,
    pub improvement_needs: Option<String>,
    pub cooperation_intent: CooperationIntent,
    pub cooperation_intent_label: &'static str,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
