//! The patent as the catalog knows it.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{OrganizationId, PatentId};
use super::ipc::IpcCode;
use super::number::{ApplicationNumber, PublicationNumber};

/// 专利类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PatentType {
    /// 发明
    Invention,
    /// 实用新型
    UtilityModel,
    /// 外观设计
    Design,
}

impl PatentType {
    pub const ALL: [PatentType; 3] = [Self::Invention, Self::UtilityModel, Self::Design];

    pub fn code(self) -> &'static str {
        match self {
            Self::Invention => "invention",
            Self::UtilityModel => "utility_model",
            Self::Design => "design",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Invention => "发明",
            Self::UtilityModel => "实用新型",
            Self::Design => "外观设计",
        }
    }

    /// Accepts the code or the Chinese label.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|kind| kind.code() == raw || kind.label() == raw || format!("{}专利", kind.label()) == raw)
    }

    /// Statutory term in years, counted from the application date. Designs filed from
    /// 2021-06-01 (the fourth amendment of the Patent Law) have 15 years, earlier ones 10.
    pub fn term_years(self, application_date: NaiveDate) -> i32 {
        match self {
            Self::Invention => 20,
            Self::UtilityModel => 10,
            Self::Design => {
                let amendment = NaiveDate::from_ymd_opt(2021, 6, 1).unwrap_or(NaiveDate::MIN);
                if application_date >= amendment { 15 } else { 10 }
            }
        }
    }

    /// The last day the right can be in force: the day before the term's anniversary.
    pub fn expiry_date(self, application_date: NaiveDate) -> NaiveDate {
        let years = self.term_years(application_date);
        let anniversary = application_date
            .with_year(application_date.year() + years)
            // 29 February has no anniversary in a common year: the term ends on 28 February.
            .unwrap_or_else(|| {
                NaiveDate::from_ymd_opt(application_date.year() + years, 3, 1).unwrap_or(application_date)
            });
        anniversary.pred_opt().unwrap_or(anniversary)
    }
}

/// 法律状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegalStatus {
    /// 审查中 (application published, not granted)
    Pending,
    /// 有效 (granted and in force)
    Valid,
    /// 期限届满
    Expired,
    /// 被宣告无效
    Invalidated,
    /// 未缴年费终止
    Lapsed,
    /// 已转让给平台外的权利人
    Transferred,
}

impl LegalStatus {
    pub const ALL: [LegalStatus; 6] =
        [Self::Pending, Self::Valid, Self::Expired, Self::Invalidated, Self::Lapsed, Self::Transferred];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Valid => "valid",
            Self::Expired => "expired",
            Self::Invalidated => "invalidated",
            Self::Lapsed => "lapsed",
            Self::Transferred => "transferred",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "审查中",
            Self::Valid => "有效",
            Self::Expired => "期限届满",
            Self::Invalidated => "被宣告无效",
            Self::Lapsed => "未缴年费终止",
            Self::Transferred => "已转让",
        }
    }

    /// Accepts the code, the label, and the wording of common patent-database exports.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if let Some(status) = Self::ALL.into_iter().find(|status| status.code() == raw || status.label() == raw) {
            return Some(status);
        }
        match raw {
            "有权" | "授权" | "有权-审定授权" => Some(Self::Valid),
            "实质审查" | "公开" | "审中" => Some(Self::Pending),
            "无效" | "全部无效" => Some(Self::Invalidated),
            "届满" | "失效-期限届满" => Some(Self::Expired),
            "未缴年费" | "失效-未缴年费" => Some(Self::Lapsed),
            _ => None,
        }
    }
}

/// Patent grade assigned by the university's screening (A best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Grade {
    A,
    B,
    C,
}

impl Grade {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Self::A),
            "B" => Some(Self::B),
            "C" => Some(Self::C),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
        }
    }
}

/// A co-owner (共有人) of the patent and whether its consent to open licensing is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CoOwner {
    pub name: String,
    #[serde(default)]
    pub consent: bool,
}

/// Kind of a recorded exclusive-type license.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExclusiveKind {
    /// 独占许可
    Exclusive,
    /// 排他许可
    Sole,
}

impl ExclusiveKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "exclusive" => Some(Self::Exclusive),
            "sole" => Some(Self::Sole),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Exclusive => "exclusive",
            Self::Sole => "sole",
        }
    }
}

/// Rights and restrictions recorded by legal-status events; they drive eligibility.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Encumbrances {
    /// The pledgee (质权人) while the patent is pledged.
    pub pledgee: Option<String>,
    pub pledgee_consent: bool,
    /// Under a court preservation (保全).
    pub preserved: bool,
    /// Under an ownership dispute (权属纠纷).
    pub disputed: bool,
    pub exclusive_license: Option<ExclusiveKind>,
    pub annual_fee_overdue: bool,
}

/// A patent in the catalog.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Patent {
    pub id: PatentId,
    pub organization_id: OrganizationId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "CN114081026A"))]
    pub publication_number: PublicationNumber,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "CN202223220665.2"))]
    pub application_number: Option<ApplicationNumber>,
    pub title: String,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    pub claims: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["G06F 16/33"])))]
    pub ipc_codes: Vec<IpcCode>,
    pub applicants: Vec<String>,
    pub co_owners: Vec<CoOwner>,
    pub patent_type: PatentType,
    pub application_date: Option<NaiveDate>,
    pub grant_date: Option<NaiveDate>,
    /// Derived from the type and application date; `None` while the application date is unknown.
    pub expiry_date: Option<NaiveDate>,
    pub legal_status: LegalStatus,
    pub state_funded: bool,
    pub evaluation_report_ref: Option<String>,
    pub grade: Option<Grade>,
    pub last_implemented_on: Option<NaiveDate>,
    pub keywords: Vec<String>,
    pub encumbrances: Encumbrances,
    /// An open-license offer is published on this patent (kept by licensing); while it is,
    /// no exclusive or sole license may be recorded.
    pub open_offer: bool,
    pub source: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Patent {
    /// Whole days of term left on `today`; `None` when the expiry is unknown.
    pub fn remaining_days(&self, today: NaiveDate) -> Option<i64> {
        self.expiry_date.map(|expiry| (expiry - today).num_days().max(-1) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn expiry_follows_the_statutory_term_of_each_type() {
        assert_eq!(PatentType::Invention.expiry_date(date(2010, 3, 15)), date(2030, 3, 14));
        assert_eq!(PatentType::UtilityModel.expiry_date(date(2022, 12, 2)), date(2032, 12, 1));
        assert_eq!(PatentType::Design.expiry_date(date(2021, 6, 1)), date(2036, 5, 31));
        assert_eq!(PatentType::Design.expiry_date(date(2021, 5, 31)), date(2031, 5, 30));
        assert_eq!(PatentType::Invention.expiry_date(date(2012, 2, 29)), date(2032, 2, 28));
    }

    #[test]
    fn statuses_and_types_parse_from_chinese_exports() {
        assert_eq!(LegalStatus::parse("有权-审定授权"), Some(LegalStatus::Valid));
        assert_eq!(LegalStatus::parse("lapsed"), Some(LegalStatus::Lapsed));
        assert_eq!(PatentType::parse("实用新型"), Some(PatentType::UtilityModel));
        assert_eq!(PatentType::parse("发明专利"), Some(PatentType::Invention));
        assert_eq!(PatentType::parse("invention"), Some(PatentType::Invention));
        assert_eq!(PatentType::parse("软件"), None);
    }
}
