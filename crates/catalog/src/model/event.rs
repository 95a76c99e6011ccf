//! Legal-status events (法律状态事件) and how each changes a patent's recorded state.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::field_error::{FieldError, FieldErrors};
use super::ids::{EventId, OrganizationId, PatentId};
use super::input::parse_date;
use super::patent::{ExclusiveKind, LegalStatus, Patent};

/// An event as submitted. `kind` decides which of the other fields apply.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLegalEvent {
    /// One of: grant, pledge, pledgee_consent, pledge_release, preservation, preservation_release,
    /// exclusive_license, exclusive_license_end, annual_fee_overdue, annual_fee_paid,
    /// ownership_dispute, dispute_resolved, invalidation, expiry, lapse, transfer.
    #[cfg_attr(feature = "openapi", schema(example = "pledge"))]
    pub kind: Option<String>,
    /// The date the event took effect, `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(example = "2025-03-01"))]
    pub occurred_on: Option<String>,
    pub note: Option<String>,
    /// pledge: the pledgee (质权人).
    pub pledgee: Option<String>,
    /// pledge: whether the pledgee consents to open licensing.
    pub pledgee_consent: Option<bool>,
    /// exclusive_license: `exclusive` (独占) or `sole` (排他).
    pub license_kind: Option<String>,
    /// exclusive_license: the licensee.
    pub licensee: Option<String>,
    /// transfer: the new patentee's name.
    pub assignee_name: Option<String>,
    /// transfer: the new patentee's organization on this platform, if it has one.
    pub assignee_organization_id: Option<OrganizationId>,
}

/// A validated event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LegalEvent {
    Grant,
    Pledge { pledgee: String, pledgee_consent: bool },
    PledgeeConsent,
    PledgeRelease,
    Preservation,
    PreservationRelease,
    ExclusiveLicense { license_kind: ExclusiveKind, licensee: String },
    ExclusiveLicenseEnd,
    AnnualFeeOverdue,
    AnnualFeePaid,
    OwnershipDispute,
    DisputeResolved,
    Invalidation,
    Expiry,
    Lapse,
    Transfer { assignee_name: String, assignee_organization_id: Option<OrganizationId> },
}

/// A recorded event, as the history shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatentEvent {
    pub id: EventId,
    pub patent_id: PatentId,
    pub kind: String,
    /// Chinese label of the kind, e.g. 质押登记.
    pub label: String,
    pub occurred_on: NaiveDate,
    pub note: Option<String>,
    /// Kind-specific details (pledgee, licensee, assignee ...).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

/// Why an event cannot apply to the patent's current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRejection {
    pub code: &'static str,
    pub message: String,
}

const KINDS: [(&str, &str); 16] = [
    ("grant", "授权公告"),
    ("pledge", "质押登记"),
    ("pledgee_consent", "质权人同意开放许可"),
    ("pledge_release", "质押解除"),
    ("preservation", "财产保全"),
    ("preservation_release", "保全解除"),
    ("exclusive_license", "独占或排他许可备案"),
    ("exclusive_license_end", "独占或排他许可终止"),
    ("annual_fee_overdue", "年费逾期"),
    ("annual_fee_paid", "年费补缴"),
    ("ownership_dispute", "权属纠纷"),
    ("dispute_resolved", "权属纠纷解决"),
    ("invalidation", "宣告无效"),
    ("expiry", "期限届满"),
    ("lapse", "未缴年费终止"),
    ("transfer", "专利权转让"),
];

/// The Chinese label of an event kind code.
pub fn kind_label(kind: &str) -> &'static str {
    KINDS.iter().find(|(code, _)| *code == kind).map(|(_, label)| *label).unwrap_or("未知事件")
}

impl LegalEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Grant => "grant",
            Self::Pledge { .. } => "pledge",
            Self::PledgeeConsent => "pledgee_consent",
            Self::PledgeRelease => "pledge_release",
            Self::Preservation => "preservation",
            Self::PreservationRelease => "preservation_release",
            Self::ExclusiveLicense { .. } => "exclusive_license",
            Self::ExclusiveLicenseEnd => "exclusive_license_end",
            Self::AnnualFeeOverdue => "annual_fee_overdue",
            Self::AnnualFeePaid => "annual_fee_paid",
            Self::OwnershipDispute => "ownership_dispute",
            Self::DisputeResolved => "dispute_resolved",
            Self::Invalidation => "invalidation",
            Self::Expiry => "expiry",
            Self::Lapse => "lapse",
            Self::Transfer { .. } => "transfer",
        }
    }

    /// Kind-specific details for the history, without the `kind` tag.
    pub fn details(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.remove("kind");
        }
        value
    }
}

/// A validated event with its date and note.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLegalEvent {
    pub event: LegalEvent,
    pub occurred_on: NaiveDate,
    pub note: Option<String>,
}

impl NewLegalEvent {
    /// Validates the input; fields that do not belong to the kind are refused, not ignored.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidLegalEvent, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let kind = self.kind.as_deref().map(str::trim).unwrap_or_default();
        let occurred_on = match self.occurred_on.as_deref().map(parse_date) {
            None => {
                errors.push("occurred_on", "required", "occurred_on（生效日期）为必填项");
                None
            }
            Some(None) => {
                errors.push("occurred_on", "invalid_date", "occurred_on 应为 YYYY-MM-DD 格式的日期");
                None
            }
            Some(Some(date)) if date > today => {
                errors.push("occurred_on", "date_in_future", format!("occurred_on 不能晚于今天（{today}）"));
                None
            }
            Some(Some(date)) => Some(date),
        };
        let note = errors.optional_text("note", self.note.as_deref(), 1_000);

        let pledgee = errors.optional_text("pledgee", self.pledgee.as_deref(), 200);
        let licensee = errors.optional_text("licensee", self.licensee.as_deref(), 200);
        let assignee_name = errors.optional_text("assignee_name", self.assignee_name.as_deref(), 200);
        let allowed: &[&str] = match kind {
            "pledge" => &["pledgee", "pledgee_consent"],
            "exclusive_license" => &["license_kind", "licensee"],
            "transfer" => &["assignee_name", "assignee_organization_id"],
            _ => &[],
        };
        let present = [
            ("pledgee", self.pledgee.is_some()),
            ("pledgee_consent", self.pledgee_consent.is_some()),
            ("license_kind", self.license_kind.is_some()),
            ("licensee", self.licensee.is_some()),
            ("assignee_name", self.assignee_name.is_some()),
            ("assignee_organization_id", self.assignee_organization_id.is_some()),
        ];
        for (field, is_present) in present {
            if is_present && !allowed.contains(&field) && KINDS.iter().any(|(code, _)| *code == kind) {
                errors.push(field, "not_applicable", format!("{field} 不适用于事件类型 {kind}"));
            }
        }

        let mut require = |field: &str, value: Option<String>| -> Option<String> {
            if value.is_none() {
                errors.push(field, "required", format!("事件类型 {kind} 须填写 {field}"));
            }
            value
        };
        let event = match kind {
            "grant" => Some(LegalEvent::Grant),
            "pledge" => require("pledgee", pledgee)
                .map(|pledgee| LegalEvent::Pledge { pledgee, pledgee_consent: self.pledgee_consent.unwrap_or(false) }),
            "pledgee_consent" => Some(LegalEvent::PledgeeConsent),
            "pledge_release" => Some(LegalEvent::PledgeRelease),
            "preservation" => Some(LegalEvent::Preservation),
            "preservation_release" => Some(LegalEvent::PreservationRelease),
            "exclusive_license" => {
                let licensee = require("licensee", licensee);
                let license_kind = match self.license_kind.as_deref().map(ExclusiveKind::parse) {
                    Some(Some(license_kind)) => Some(license_kind),
                    _ => {
                        errors.push("license_kind", "invalid", "license_kind 应为 exclusive（独占）或 sole（排他）");
                        None
                    }
                };
                match (license_kind, licensee) {
                    (Some(license_kind), Some(licensee)) => {
                        Some(LegalEvent::ExclusiveLicense { license_kind, licensee })
                    }
                    _ => None,
                }
            }
            "exclusive_license_end" => Some(LegalEvent::ExclusiveLicenseEnd),
            "annual_fee_overdue" => Some(LegalEvent::AnnualFeeOverdue),
            "annual_fee_paid" => Some(LegalEvent::AnnualFeePaid),
            "ownership_dispute" => Some(LegalEvent::OwnershipDispute),
            "dispute_resolved" => Some(LegalEvent::DisputeResolved),
            "invalidation" => Some(LegalEvent::Invalidation),
            "expiry" => Some(LegalEvent::Expiry),
            "lapse" => Some(LegalEvent::Lapse),
            "transfer" => require("assignee_name", assignee_name).map(|assignee_name| LegalEvent::Transfer {
                assignee_name,
                assignee_organization_id: self.assignee_organization_id,
            }),
            "" => {
                errors.push("kind", "required", "kind（事件类型）为必填项");
                None
            }
            other => {
                let known: Vec<&str> = KINDS.iter().map(|(code, _)| *code).collect();
                errors.push("kind", "invalid", format!("未知事件类型“{other}”，应为：{}", known.join("、")));
                None
            }
        };
        match (event, occurred_on) {
            (Some(event), Some(occurred_on)) if errors.is_empty() => Ok(ValidLegalEvent { event, occurred_on, note }),
            _ => Err(errors.into_vec()),
        }
    }
}

fn reject(code: &'static str, message: &str) -> Result<(), EventRejection> {
    Err(EventRejection { code, message: message.to_string() })
}

/// Applies `event` to the patent's recorded state, refusing events that contradict it.
/// Transfers to another platform organization are completed by the caller, which checks that
/// organization exists.
pub fn apply(patent: &mut Patent, event: &ValidLegalEvent) -> Result<(), EventRejection> {
    let state = &mut patent.encumbrances;
    let in_force = patent.legal_status == LegalStatus::Valid;
    match &event.event {
        LegalEvent::Grant => {
            if patent.legal_status != LegalStatus::Pending {
                return reject("already_granted", "该专利已授权，不能重复记录授权");
            }
            patent.legal_status = LegalStatus::Valid;
            patent.grant_date = Some(event.occurred_on);
        }
        LegalEvent::Pledge { pledgee, pledgee_consent } => {
            if !in_force {
                return reject("patent_not_in_force", "只有有效专利才能办理质押登记");
            }
            if state.pledgee.is_some() {
                return reject("already_pledged", "该专利已处于质押状态，请先记录质押解除");
            }
            state.pledgee = Some(pledgee.clone());
            state.pledgee_consent = *pledgee_consent;
        }
        LegalEvent::PledgeeConsent => {
            if state.pledgee.is_none() {
                return reject("not_pledged", "该专利未处于质押状态");
            }
            if state.pledgee_consent {
                return reject("consent_already_recorded", "质权人同意已记录");
            }
            state.pledgee_consent = true;
        }
        LegalEvent::PledgeRelease => {
            if state.pledgee.take().is_none() {
                return reject("not_pledged", "该专利未处于质押状态");
            }
            state.pledgee_consent = false;
        }
        LegalEvent::Preservation => {
            if std::mem::replace(&mut state.preserved, true) {
                return reject("already_preserved", "该专利已处于保全状态");
            }
        }
        LegalEvent::PreservationRelease => {
            if !std::mem::replace(&mut state.preserved, false) {
                return reject("not_preserved", "该专利未处于保全状态");
            }
        }
        LegalEvent::ExclusiveLicense { license_kind, .. } => {
            if !in_force {
                return reject("patent_not_in_force", "只有有效专利才能记录独占或排他许可");
            }
            if state.exclusive_license.is_some() {
                return reject("exclusive_license_in_force", "该专利已有有效的独占或排他许可");
            }
            if patent.open_offer {
                return reject(
                    "open_license_in_force",
                    "该专利的开放许可声明仍然有效，不得再给予独占或排他许可；请先撤回开放许可声明",
                );
            }
            state.exclusive_license = Some(*license_kind);
        }
        LegalEvent::ExclusiveLicenseEnd => {
            if state.exclusive_license.take().is_none() {
                return reject("no_exclusive_license", "该专利没有有效的独占或排他许可");
            }
        }
        LegalEvent::AnnualFeeOverdue => {
            if !in_force {
                return reject("patent_not_in_force", "只有有效专利才会产生年费逾期");
            }
            if std::mem::replace(&mut state.annual_fee_overdue, true) {
                return reject("already_overdue", "年费逾期已记录");
            }
        }
        LegalEvent::AnnualFeePaid => {
            if !std::mem::replace(&mut state.annual_fee_overdue, false) {
                return reject("fee_not_overdue", "该专利年费未处于逾期状态");
            }
        }
        LegalEvent::OwnershipDispute => {
            if std::mem::replace(&mut state.disputed, true) {
                return reject("already_disputed", "权属纠纷已记录");
            }
        }
        LegalEvent::DisputeResolved => {
            if !std::mem::replace(&mut state.disputed, false) {
                return reject("not_disputed", "该专利没有未解决的权属纠纷");
            }
        }
        LegalEvent::Invalidation | LegalEvent::Expiry | LegalEvent::Lapse => {
            if !in_force {
                return reject("patent_not_in_force", "该专利已不在有效状态");
            }
            patent.legal_status = match event.event {
                LegalEvent::Invalidation => LegalStatus::Invalidated,
                LegalEvent::Expiry => LegalStatus::Expired,
                _ => LegalStatus::Lapsed,
            };
        }
        LegalEvent::Transfer { assignee_organization_id, .. } => {
            if !in_force {
                return reject("patent_not_in_force", "只有有效专利才能转让");
            }
            if state.disputed || state.preserved {
                return reject("transfer_blocked", "权属纠纷或保全期间不能转让");
            }
            match assignee_organization_id {
                Some(organization_id) => patent.organization_id = *organization_id,
                None => patent.legal_status = LegalStatus::Transferred,
            }
        }
    }
    Ok(())
}
