//! Reporting periods, grouping dimensions and the calendar buckets a period splits into.

use catalog::model::field_error::{FieldError, FieldErrors};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// Longest period a report covers (and so at most 120 monthly buckets).
pub const MAX_PERIOD_MONTHS: u32 = 120;

/// A closed range of days: both `from` and `to` are included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The same days one year earlier (29 February maps to 28 February).
    pub fn year_before(self) -> Period {
        let back = |day: NaiveDate| day.checked_sub_months(Months::new(12)).unwrap_or(day);
        Period { from: back(self.from), to: back(self.to) }
    }

    /// The calendar buckets of `unit` that cover the period, each clipped to it.
    pub fn buckets(self, unit: TimeUnit) -> Vec<Bucket> {
        let mut buckets = Vec::new();
        let mut start = unit.start_of(self.from);
        while start <= self.to {
            let next = start.checked_add_months(Months::new(unit.months())).unwrap_or(NaiveDate::MAX);
            let end = next.pred_opt().unwrap_or(next);
            buckets.push(Bucket {
                key: unit.key(start),
                period: Period { from: start.max(self.from), to: end.min(self.to) },
            });
            start = next;
        }
        buckets
    }
}

/// Calendar units a report can be split into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Month,
    Quarter,
    Year,
}

impl TimeUnit {
    fn months(self) -> u32 {
        match self {
            Self::Month => 1,
            Self::Quarter => 3,
            Self::Year => 12,
        }
    }

    fn start_of(self, day: NaiveDate) -> NaiveDate {
        let month = match self {
            Self::Month => day.month(),
            Self::Quarter => (day.month() - 1) / 3 * 3 + 1,
            Self::Year => 1,
        };
        NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
    }

    /// The bucket key of the bucket starting on `start`: `2025-03`, `2025-Q1` or `2025`; the
    /// SQL bucket expressions produce the same text.
    pub fn key(self, start: NaiveDate) -> String {
        match self {
            Self::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Self::Quarter => format!("{:04}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            Self::Year => format!("{:04}", start.year()),
        }
    }
}

/// One calendar bucket of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub key: String,
    pub period: Period,
}

/// What a report's rows are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The patentee university.
    University,
    /// The university's region (administrative division code).
    Region,
    /// IPC section of the patent's main classification (`H`).
    IpcSection,
    /// IPC class of the patent's main classification (`H01`).
    IpcClass,
    /// An industry the university declared (GB/T 4754); a university with several counts in each.
    Industry,
    Month,
    Quarter,
    Year,
}

impl GroupBy {
    pub const ALL: [GroupBy; 8] = [
        Self::University,
        Self::Region,
        Self::IpcSection,
        Self::IpcClass,
        Self::Industry,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::University => "university",
            Self::Region => "region",
            Self::IpcSection => "ipc_section",
            Self::IpcClass => "ipc_class",
            Self::Industry => "industry",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    /// Chinese column header for the group key.
    pub fn label(self) -> &'static str {
        match self {
            Self::University => "高校",
            Self::Region => "地区",
            Self::IpcSection => "IPC部",
            Self::IpcClass => "IPC大类",
            Self::Industry => "申报行业",
            Self::Month => "月份",
            Self::Quarter => "季度",
            Self::Year => "年度",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|group| group.code() == raw)
    }

    pub fn time_unit(self) -> Option<TimeUnit> {
        match self {
            Self::Month => Some(TimeUnit::Month),
            Self::Quarter => Some(TimeUnit::Quarter),
            Self::Year => Some(TimeUnit::Year),
            _ => None,
        }
    }
}

/// A report request as it arrives: dates as text, all optional.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub group_by: Option<String>,
}

/// A validated report request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSpec {
    pub period: Period,
    pub group_by: Option<GroupBy>,
}

impl ReportRequest {
    /// Defaults: from 1 January of `today`'s year to `today`. Every problem is reported at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ReportSpec, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let from = parse_day(&mut errors, "from", self.from.as_deref())
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today));
        let to = parse_day(&mut errors, "to", self.to.as_deref()).unwrap_or(today);
        // The range is checked only between dates that parsed.
        let dates_parsed = errors.is_empty();
        if dates_parsed && from > to {
            errors.push("to", "before_from", format!("to（{to}）不能早于 from（{from}）"));
        } else if dates_parsed
            && from.checked_add_months(Months::new(MAX_PERIOD_MONTHS)).is_none_or(|limit| to >= limit)
        {
            errors.push("to", "period_too_long", format!("统计区间最长 {MAX_PERIOD_MONTHS} 个月"));
        }
        let group_by = match self.group_by.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
            None => None,
            Some(raw) => {
                let parsed = GroupBy::parse(raw);
                if parsed.is_none() {
                    let known: Vec<&str> = GroupBy::ALL.iter().map(|group| group.code()).collect();
                    errors.push("group_by", "unknown_group_by", format!("group_by 应为以下之一：{}", known.join(", ")));
                }
                parsed
            }
        };
        errors.finish(|| ReportSpec { period: Period { from, to }, group_by })
    }
}

/// Parses an optional `YYYY-MM-DD` field.
pub fn parse_day(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).filter(|raw| !raw.is_empty())?;
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(day) => Some(day),
        Err(_) => {
            errors.push(field, "invalid_date", format!("{field} 应为 YYYY-MM-DD 格式的日期，收到“{raw}”"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_are_clipped_to_the_period() {
        let period = Period { from: day("2025-02-15"), to: day("2025-07-01") };
        let buckets = period.buckets(TimeUnit::Quarter);
        let keys: Vec<&str> = buckets.iter().map(|bucket| bucket.key.as_str()).collect();
        assert_eq!(keys, ["2025-Q1", "2025-Q2", "2025-Q3"]);
        assert_eq!(buckets[0].period, Period { from: day("2025-02-15"), to: day("2025-03-31") });
        assert_eq!(buckets[1].period, Period { from: day("2025-04-01"), to: day("2025-06-30") });
        assert_eq!(buckets[2].period, Period { from: day("2025-07-01"), to: day("2025-07-01") });
    }

    #[test]
    fn months_cross_the_year_end() {
        let period = Period { from: day("2024-12-31"), to: day("2025-01-01") };
        let keys: Vec<String> = period.buckets(TimeUnit::Month).into_iter().map(|bucket| bucket.key).collect();
        assert_eq!(keys, ["2024-12", "2025-01"]);
    }

    #[test]
    fn the_year_before_of_a_leap_day_is_the_28th() {
        let period = Period { from: day("2024-02-29"), to: day("2024-12-31") };
        assert_eq!(period.year_before(), Period { from: day("2023-02-28"), to: day("2023-12-31") });
    }

    #[test]
    fn every_request_problem_is_reported_at_once() {
        let request = ReportRequest {
            from: Some("2025-13-01".into()),
            to: Some("yesterday".into()),
            group_by: Some("colour".into()),
        };
        let errors = request.validate(day("2026-11-23")).unwrap_err();
        let codes: Vec<(&str, &str)> = errors.iter().map(|error| (error.field.as_str(), error.code.as_str())).collect();
        assert_eq!(codes, [("from", "invalid_date"), ("to", "invalid_date"), ("group_by", "unknown_group_by")]);
    }

    #[test]
    fn the_default_period_is_the_year_to_date() {
        let spec = ReportRequest::default().validate(day("2026-11-23")).unwrap();
        assert_eq!(spec.period, Period { from: day("2026-01-01"), to: day("2026-11-23") });
        assert_eq!(spec.group_by, None);
    }

    #[test]
    fn a_reversed_or_overlong_period_is_refused() {
        let reversed = ReportRequest { from: Some("2025-02-01".into()), to: Some("2025-01-31".into()), group_by: None };
        assert_eq!(reversed.validate(day("2026-01-01")).unwrap_err()[0].code, "before_from");
        let long = ReportRequest { from: Some("2010-01-01".into()), to: Some("2020-01-01".into()), group_by: None };
        assert_eq!(long.validate(day("2026-01-01")).unwrap_err()[0].code, "period_too_long");
    }
}
