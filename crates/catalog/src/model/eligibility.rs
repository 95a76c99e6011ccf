//! Eligibility of a patent for an open-license offer (design §2, Patent Law Art. 50 and
//! Implementing Regulations Art. 85–88). Every failing rule is reported, not just the first.

use chrono::NaiveDate;
use serde::Serialize;

use super::ids::PatentId;
use super::patent::{LegalStatus, Patent, PatentType};

/// One failed rule: its number in design §2, a stable code and a Chinese explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleFailure {
    pub rule: u8,
    pub code: &'static str,
    pub message: String,
}

/// The answer to "may this patent carry an open-license offer today?".
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    pub patent_id: PatentId,
    pub eligible: bool,
    pub checked_on: NaiveDate,
    pub failures: Vec<RuleFailure>,
}

fn failure(rule: u8, code: &'static str, message: impl Into<String>) -> RuleFailure {
    RuleFailure { rule, code, message: message.into() }
}

/// Checks every rule of design §2 against the patent's recorded state on `today`.
pub fn check(patent: &Patent, today: NaiveDate) -> Eligibility {
    let mut failures = Vec::new();

    match patent.legal_status {
        LegalStatus::Pending => failures.push(failure(1, "not_granted", "专利尚未授权，不能开放许可")),
        LegalStatus::Valid => {}
        other => failures.push(failure(1, "not_in_force", format!("专利权已不在有效状态（{}）", other.label()))),
    }
    match patent.remaining_days(today) {
        None => failures.push(failure(1, "term_unknown", "缺少申请日，无法确认剩余保护期")),
        Some(days) if days <= 0 => failures.push(failure(1, "no_remaining_term", "专利保护期已届满")),
        Some(_) => {}
    }

    let needs_report = matches!(patent.patent_type, PatentType::UtilityModel | PatentType::Design);
    if needs_report && patent.evaluation_report_ref.is_none() {
        failures.push(failure(2, "evaluation_report_missing", "实用新型和外观设计专利开放许可须提供专利权评价报告"));
    }

    let encumbrances = &patent.encumbrances;
    if let Some(kind) = encumbrances.exclusive_license {
        let label = match kind {
            super::patent::ExclusiveKind::Exclusive => "独占",
            super::patent::ExclusiveKind::Sole => "排他",
        };
        failures.push(failure(3, "exclusive_license_in_force", format!("专利存在有效的{label}实施许可")));
    }
    if encumbrances.disputed {
        failures.push(failure(4, "ownership_dispute", "专利权属存在纠纷，相关程序中止"));
    }
    if encumbrances.preserved {
        failures.push(failure(4, "court_preservation", "专利权被法院采取保全措施"));
    }
    if encumbrances.annual_fee_overdue {
        failures.push(failure(5, "annual_fee_overdue", "专利年费未按期缴纳（含滞纳期）"));
    }
    if encumbrances.pledgee.is_some() && !encumbrances.pledgee_consent {
        failures.push(failure(6, "pledged_without_consent", "专利已质押，且未记录质权人同意"));
    }
    let missing: Vec<&str> =
        patent.co_owners.iter().filter(|owner| !owner.consent).map(|owner| owner.name.as_str()).collect();
    if !missing.is_empty() {
        failures.push(failure(
            7,
            "co_owner_consent_missing",
            format!("以下共有人尚未同意开放许可：{}", missing.join("、")),
        ));
    }

    Eligibility { patent_id: patent.id, eligible: failures.is_empty(), checked_on: today, failures }
}
