//! Reference tables shipped with the repository: administrative divisions (民政部 2024, CC0 via
//! yescallop/areacodes) and GB/T 4754-2017 industry codes. Parsed once, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const REGIONS_CSV: &str = include_str!("../../../../data/ref/regions.csv");
const INDUSTRIES_CSV: &str = include_str!("../../../../data/ref/gbt4754_2017.csv");

/// One row of a reference table.
#[derive(Debug, Clone)]
pub struct ReferenceEntry {
    pub name: String,
    pub level: String,
}

fn parse_table(csv_text: &str) -> HashMap<String, ReferenceEntry> {
    // Both files are `code,name,level,...`; names contain no commas except in quoted fields,
    // which the csv reader handles.
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut table = HashMap::new();
    for record in reader.records().flatten() {
        let (Some(code), Some(name), Some(level)) = (record.get(0), record.get(1), record.get(2)) else {
            continue;
        };
        table.insert(code.to_string(), ReferenceEntry { name: name.to_string(), level: level.to_string() });
    }
    table
}

fn regions() -> &'static HashMap<String, ReferenceEntry> {
    static TABLE: OnceLock<HashMap<String, ReferenceEntry>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(REGIONS_CSV))
}

fn industries() -> &'static HashMap<String, ReferenceEntry> {
    static TABLE: OnceLock<HashMap<String, ReferenceEntry>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(INDUSTRIES_CSV))
}

/// A six-digit administrative-division code that exists in the 2024 table, e.g. `110101`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

/// Why a region code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("行政区划代码“{0}”不存在，应为 6 位民政部代码，例如 110108（北京市海淀区）")]
pub struct RegionCodeError(pub String);

impl RegionCode {
    pub fn parse(raw: &str) -> Result<Self, RegionCodeError> {
        let code = raw.trim();
        if regions().contains_key(code) { Ok(Self(code.to_string())) } else { Err(RegionCodeError(code.to_string())) }
    }

    /// The Chinese name, e.g. 海淀区.
    pub fn name(&self) -> &str {
        regions().get(&self.0).map(|entry| entry.name.as_str()).unwrap_or_default()
    }

    /// The province-level code (first two digits + `0000`).
    pub fn province(&self) -> String {
        format!("{}0000", &self.0[..2])
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RegionCode {
    type Error = RegionCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(value: RegionCode) -> Self {
        value.0
    }
}

/// A GB/T 4754-2017 industry code at any level: 门类 `C`, 大类 `39`, 中类 `391`, 小类 `3911`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndustryCode(String);

/// Why an industry code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("行业代码“{0}”不在 GB/T 4754-2017 中，例如 C（制造业）或 39（计算机、通信和其他电子设备制造业）")]
pub struct IndustryCodeError(pub String);

impl IndustryCode {
    pub fn parse(raw: &str) -> Result<Self, IndustryCodeError> {
        let code = raw.trim().to_ascii_uppercase();
        if industries().contains_key(&code) { Ok(Self(code)) } else { Err(IndustryCodeError(raw.trim().to_string())) }
    }

    /// The Chinese name, e.g. 制造业.
    pub fn name(&self) -> &str {
        industries().get(&self.0).map(|entry| entry.name.as_str()).unwrap_or_default()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 门类 (section letter) the code belongs to: itself for a section, else from the
    /// division's two digits (GB/T 4754-2017: A 01–05, B 06–12, C 13–43, …, T 97).
    pub fn section(&self) -> &str {
        section_of(&self.0)
    }

    /// Whether one code lies within the other (a section contains its divisions, a division
    /// its groups and classes).
    pub fn contains_or_within(&self, other: &IndustryCode) -> bool {
        let (a, b) = (self.as_str(), other.as_str());
        a.starts_with(b) || b.starts_with(a) || a == other.section() || b == self.section()
    }
}

/// The section letter of a GB/T 4754-2017 code (empty when unknown).
fn section_of(code: &str) -> &str {
    const SECTIONS: [(&str, u32); 20] = [
        ("A", 5),
        ("B", 12),
        ("C", 43),
        ("D", 46),
        ("E", 50),
        ("F", 52),
        ("G", 60),
        ("H", 62),
        ("I", 65),
        ("J", 69),
        ("K", 70),
        ("L", 72),
        ("M", 75),
        ("N", 79),
        ("O", 82),
        ("P", 83),
        ("Q", 85),
        ("R", 90),
        ("S", 96),
        ("T", 97),
    ];
    if code.chars().next().is_some_and(|first| first.is_ascii_alphabetic()) {
        return code.get(..1).unwrap_or_default();
    }
    let Some(division) = code.get(..2).and_then(|digits| digits.parse::<u32>().ok()) else { return "" };
    SECTIONS.iter().find(|(_, last)| division <= *last).map(|(section, _)| *section).unwrap_or_default()
}

impl TryFrom<String> for IndustryCode {
    type Error = IndustryCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<IndustryCode> for String {
    fn from(value: IndustryCode) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_are_checked_against_the_2024_table() {
        let haidian = RegionCode::parse("110108").unwrap();
        assert_eq!(haidian.name(), "海淀区");
        assert_eq!(haidian.province(), "110000");
        assert!(RegionCode::parse("999999").is_err());
        assert!(RegionCode::parse("北京").is_err());
    }

    #[test]
    fn a_division_belongs_to_its_section() {
        let manufacturing = IndustryCode::parse("C").unwrap();
        let electronics = IndustryCode::parse("39").unwrap();
        let batteries = IndustryCode::parse("384").unwrap();
        assert_eq!(electronics.section(), "C");
        assert_eq!(IndustryCode::parse("01").unwrap().section(), "A");
        assert_eq!(IndustryCode::parse("97").unwrap().section(), "T");
        assert!(manufacturing.contains_or_within(&electronics) && electronics.contains_or_within(&manufacturing));
        assert!(!electronics.contains_or_within(&batteries), "39 and 384 are different divisions");
        assert!(IndustryCode::parse("38").unwrap().contains_or_within(&batteries));
    }

    #[test]
    fn industry_codes_are_checked_at_every_level() {
        assert_eq!(IndustryCode::parse("c").unwrap().name(), "制造业");
        assert_eq!(IndustryCode::parse("39").unwrap().as_str(), "39");
        assert!(IndustryCode::parse("0111").is_ok());
        assert!(IndustryCode::parse("Z").is_err());
    }
}
