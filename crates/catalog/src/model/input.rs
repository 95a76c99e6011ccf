//! Patent input as it arrives (API body, import row) and its validation into typed values.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::field_error::{FieldError, FieldErrors};
use super::ipc::IpcCode;
use super::number::{ApplicationNumber, PublicationNumber};
use super::patent::{CoOwner, Grade, LegalStatus, PatentType};

/// A patent as submitted: every field raw, so validation can name each problem.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPatent {
    /// 公开（公告）号 with kind code.
    #[cfg_attr(feature = "openapi", schema(example = "CN215697310U"))]
    pub publication_number: Option<String>,
    /// 申请号.
    pub application_number: Option<String>,
    /// 名称.
    #[cfg_attr(feature = "openapi", schema(example = "一种冲压固定装置"))]
    pub title: Option<String>,
    /// 摘要.
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    /// 权利要求书.
    pub claims: Option<String>,
    #[serde(default)]
    pub ipc_codes: Vec<String>,
    /// 申请人.
    #[serde(default)]
    pub applicants: Vec<String>,
    /// 共有人 and their consent to open licensing.
    #[serde(default)]
    pub co_owners: Vec<CoOwner>,
    /// `invention`, `utility_model`, `design` or the Chinese label; derived from the kind code when absent.
    pub patent_type: Option<String>,
    /// `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`).
    pub application_date: Option<String>,
    pub grant_date: Option<String>,
    /// Initial legal status; later changes go through legal-status events.
    pub legal_status: Option<String>,
    /// 财政资助 (state-funded research result).
    pub state_funded: Option<bool>,
    /// 专利权评价报告 reference; required for utility models and designs before an offer.
    pub evaluation_report_ref: Option<String>,
    /// A, B or C.
    pub grade: Option<String>,
    /// Last date the patent was implemented (实施).
    pub last_implemented_on: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Provenance of the record, e.g. the public data set it came from.
    pub source: Option<String>,
}

/// A patent input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPatent {
    pub publication_number: PublicationNumber,
    pub application_number: Option<ApplicationNumber>,
    pub title: String,
    pub abstract_text: Option<String>,
    pub claims: Option<String>,
    pub ipc_codes: Vec<IpcCode>,
    pub applicants: Vec<String>,
    pub co_owners: Vec<CoOwner>,
    pub patent_type: PatentType,
    pub application_date: Option<NaiveDate>,
    pub grant_date: Option<NaiveDate>,
    pub legal_status: LegalStatus,
    pub state_funded: bool,
    pub evaluation_report_ref: Option<String>,
    pub grade: Option<Grade>,
    pub last_implemented_on: Option<NaiveDate>,
    pub keywords: Vec<String>,
    pub source: Option<String>,
}

/// Parses the date spellings found in patent spreadsheets.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(raw, format).ok())
}

fn date_field(errors: &mut FieldErrors, field: &str, raw: Option<&str>, today: NaiveDate) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).filter(|raw| !raw.is_empty())?;
    let Some(date) = parse_date(raw) else {
        errors.push(field, "invalid_date", format!("{field}“{raw}”不是有效日期，应为 YYYY-MM-DD"));
        return None;
    };
    if date > today {
        errors.push(field, "date_in_future", format!("{field} 不能晚于今天（{today}）"));
        return None;
    }
    Some(date)
}

impl NewPatent {
    /// Validates every field against `today`, reporting all problems at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPatent, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let publication_number = match self.publication_number.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push("publication_number", "required", "publication_number（公开号）为必填项");
                None
            }
            Some(raw) => PublicationNumber::parse(raw)
                .map_err(|error| errors.push("publication_number", "invalid_publication_number", error.to_string()))
                .ok(),
        };
        let application_number =
            self.application_number.as_deref().map(str::trim).filter(|raw| !raw.is_empty()).and_then(|raw| {
                ApplicationNumber::parse(raw)
                    .map_err(|error| errors.push("application_number", "invalid_application_number", error.to_string()))
                    .ok()
            });
        let title = errors.required_text("title", self.title.as_deref(), 200);
        let abstract_text = errors.optional_text("abstract", self.abstract_text.as_deref(), 20_000);
        let claims = errors.optional_text("claims", self.claims.as_deref(), 100_000);

        if self.ipc_codes.len() > 50 {
            errors.push("ipc_codes", "too_many", "IPC 分类号最多 50 个");
        }
        let mut ipc_codes: Vec<IpcCode> = Vec::new();
        for raw in &self.ipc_codes {
            match IpcCode::parse(raw) {
                Ok(code) if !ipc_codes.contains(&code) => ipc_codes.push(code),
                Ok(_) => {}
                Err(error) => errors.push("ipc_codes", "invalid_ipc_code", error.to_string()),
            }
        }
        let applicants = errors.text_list("applicants", &self.applicants, 50, 200);
        let keywords = errors.text_list("keywords", &self.keywords, 30, 50);
        let co_owner_names: Vec<String> = self.co_owners.iter().map(|owner| owner.name.clone()).collect();
        let kept_names = errors.text_list("co_owners", &co_owner_names, 20, 200);
        let co_owners: Vec<CoOwner> = kept_names
            .into_iter()
            .map(|name| {
                let consent = self.co_owners.iter().any(|owner| owner.name.trim() == name && owner.consent);
                CoOwner { name, consent }
            })
            .collect();

        let implied_type = publication_number.as_ref().map(PublicationNumber::implied_type);
        let patent_type = match self.patent_type.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
            None => implied_type,
            Some(raw) => match (PatentType::parse(raw), implied_type) {
                (None, _) => {
                    errors.push("patent_type", "invalid", format!("专利类型“{raw}”无效，应为 invention（发明）、utility_model（实用新型）或 design（外观设计）"));
                    None
                }
                (Some(given), Some(implied)) if given != implied => {
                    errors.push(
                        "patent_type",
                        "type_mismatch",
                        format!("专利类型“{}”与公开号的文献种类代码不符（应为“{}”）", given.label(), implied.label()),
                    );
                    None
                }
                (Some(given), _) => Some(given),
            },
        };

        let application_date = date_field(&mut errors, "application_date", self.application_date.as_deref(), today);
        let grant_date = date_field(&mut errors, "grant_date", self.grant_date.as_deref(), today);
        if let (Some(applied), Some(granted)) = (application_date, grant_date)
            && granted < applied
        {
            errors.push("grant_date", "before_application", "授权日不能早于申请日");
        }
        let last_implemented_on =
            date_field(&mut errors, "last_implemented_on", self.last_implemented_on.as_deref(), today);

        let granted_by_document = publication_number.as_ref().is_some_and(PublicationNumber::is_grant_publication);
        let legal_status = match self.legal_status.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
            None if grant_date.is_some() || granted_by_document => Some(LegalStatus::Valid),
            None => Some(LegalStatus::Pending),
            Some(raw) => match LegalStatus::parse(raw) {
                Some(LegalStatus::Pending) if grant_date.is_some() => {
                    errors.push("legal_status", "inconsistent", "已填写授权日的专利不能处于“审查中”状态");
                    None
                }
                Some(status) => Some(status),
                None => {
                    errors.push(
                        "legal_status",
                        "invalid",
                        format!(
                            "法律状态“{raw}”无效，应为 pending、valid、expired、invalidated、lapsed 或 transferred"
                        ),
                    );
                    None
                }
            },
        };
        let grade = match self.grade.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
            None => None,
            Some(raw) => {
                let parsed = Grade::parse(raw);
                if parsed.is_none() {
                    errors.push("grade", "invalid", format!("分级“{raw}”无效，应为 A、B 或 C"));
                }
                parsed
            }
        };
        let evaluation_report_ref =
            errors.optional_text("evaluation_report_ref", self.evaluation_report_ref.as_deref(), 100);
        let source = errors.optional_text("source", self.source.as_deref(), 500);

        if !errors.is_empty() {
            return Err(errors.into_vec());
        }
        let (Some(publication_number), Some(title), Some(patent_type), Some(legal_status)) =
            (publication_number, title, patent_type, legal_status)
        else {
            return Err(errors.into_vec());
        };
        Ok(ValidPatent {
            publication_number,
            application_number,
            title,
            abstract_text,
            claims,
            ipc_codes,
            applicants,
            co_owners,
            patent_type,
            application_date,
            grant_date,
            legal_status,
            state_funded: self.state_funded.unwrap_or(false),
            evaluation_report_ref,
            grade,
            last_implemented_on,
            keywords,
            source,
        })
    }
}

/// `Some(None)` for an explicit JSON `null`, `Some(Some(v))` for a value, `None` when absent.
fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Edits to a patent's descriptive fields. Absent fields stay as they are; `null` clears an
/// optional field. The publication number, type, legal status and grant date are not editable
/// here: the number is the patent's identity and the others change through legal-status events.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PatentPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub application_number: Option<Option<String>>,
    pub title: Option<String>,
    #[serde(rename = "abstract", default, deserialize_with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub abstract_text: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub claims: Option<Option<String>>,
    pub ipc_codes: Option<Vec<String>>,
    pub applicants: Option<Vec<String>>,
    pub co_owners: Option<Vec<CoOwner>>,
    #[serde(default, deserialize_with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub application_date: Option<Option<String>>,
    pub state_funded: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub evaluation_report_ref: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub grade: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub last_implemented_on: Option<Option<String>>,
    pub keywords: Option<Vec<String>>,
}

impl PatentPatch {
    /// Applies the edits to `current`, the patent as raw input.
    pub fn apply_to(self, current: &mut NewPatent) {
        if let Some(value) = self.application_number {
            current.application_number = value;
        }
        if let Some(value) = self.title {
            current.title = Some(value);
        }
        if let Some(value) = self.abstract_text {
            current.abstract_text = value;
        }
        if let Some(value) = self.claims {
            current.claims = value;
        }
        if let Some(value) = self.ipc_codes {
            current.ipc_codes = value;
        }
        if let Some(value) = self.applicants {
            current.applicants = value;
        }
        if let Some(value) = self.co_owners {
            current.co_owners = value;
        }
        if let Some(value) = self.application_date {
            current.application_date = value;
        }
        if let Some(value) = self.state_funded {
            current.state_funded = Some(value);
        }
        if let Some(value) = self.evaluation_report_ref {
            current.evaluation_report_ref = value;
        }
        if let Some(value) = self.grade {
            current.grade = value;
        }
        if let Some(value) = self.last_implemented_on {
            current.last_implemented_on = value;
        }
        if let Some(value) = self.keywords {
            current.keywords = value;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn minimal() -> NewPatent {
        NewPatent {
            publication_number: Some("CN215697310U".into()),
            title: Some("一种冲压固定装置".into()),
            ..NewPatent::default()
        }
    }

    #[test]
    fn type_and_status_are_derived_from_the_kind_code() {
        let valid = minimal().validate(today()).unwrap();
        assert_eq!(valid.patent_type, PatentType::UtilityModel);
        assert_eq!(valid.legal_status, LegalStatus::Valid);
        let application = NewPatent { publication_number: Some("CN114081026A".into()), ..minimal() };
        assert_eq!(application.validate(today()).unwrap().legal_status, LegalStatus::Pending);
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let input = NewPatent {
            publication_number: Some("CN12".into()),
            title: Some("   ".into()),
            ipc_codes: vec!["G06F16/33".into(), "XYZ".into()],
            application_date: Some("2030-01-01".into()),
            grade: Some("D".into()),
            ..NewPatent::default()
        };
        let errors = input.validate(today()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["publication_number", "title", "ipc_codes", "application_date", "grade"]);
    }

    #[test]
    fn a_declared_type_must_match_the_kind_code() {
        let input = NewPatent { patent_type: Some("发明".into()), ..minimal() };
        let errors = input.validate(today()).unwrap_err();
        assert_eq!(errors[0].code, "type_mismatch");
    }

    #[test]
    fn dates_parse_in_spreadsheet_spellings() {
        for raw in ["2022-12-02", "2022/12/02", "2022.12.02", "20221202", "2022年12月2日"] {
            assert_eq!(parse_date(raw), NaiveDate::from_ymd_opt(2022, 12, 2), "{raw}");
        }
    }

    #[test]
    fn a_patch_clears_with_null_and_keeps_what_is_absent() {
        let mut current = NewPatent { grade: Some("A".into()), abstract_text: Some("摘要".into()), ..minimal() };
        let patch: PatentPatch = serde_json::from_str(r#"{"grade": null, "title": "新名称"}"#).unwrap();
        patch.apply_to(&mut current);
        assert_eq!(current.grade, None);
        assert_eq!(current.title.as_deref(), Some("新名称"));
        assert_eq!(current.abstract_text.as_deref(), Some("摘要"));
    }
}
