//! International Patent Classification codes, kept at the precision they were given.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An IPC symbol at subclass (`G06F`), main group (`G06F 16/00`) or subgroup (`G06F 16/335`) level.
///
/// Invariant: section `A`–`H`, two-digit class, subclass letter, and optionally a group
/// `1–4 digits / 2–6 digits`. Canonical form puts one space between subclass and group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IpcCode(String);

/// Why an IPC code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("IPC 分类号“{0}”无效，应形如 G06F、G06F 16/00 或 G06F 16/335")]
pub struct IpcCodeError(pub String);

impl IpcCode {
    /// Parses `G06F16/33`, `G06F 16/33` or `g06f`.
    pub fn parse(raw: &str) -> Result<Self, IpcCodeError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let invalid = || IpcCodeError(raw.trim().to_string());
        let bytes = compact.as_bytes();
        if bytes.len() < 4 {
            return Err(invalid());
        }
        let section_ok = (b'A'..=b'H').contains(&bytes[0]);
        let class_ok = bytes[1].is_ascii_digit() && bytes[2].is_ascii_digit();
        let subclass_ok = bytes[3].is_ascii_uppercase();
        if !(section_ok && class_ok && subclass_ok) {
            return Err(invalid());
        }
        let subclass = &compact[..4];
        let group = &compact[4..];
        if group.is_empty() {
            return Ok(Self(subclass.to_string()));
        }
        let Some((main, sub)) = group.split_once('/') else {
            return Err(invalid());
        };
        let main_ok = (1..=4).contains(&main.len()) && main.chars().all(|c| c.is_ascii_digit());
        let sub_ok = (2..=6).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_digit());
        if !(main_ok && sub_ok) {
            return Err(invalid());
        }
        let main = main.trim_start_matches('0');
        let main = if main.is_empty() { "0" } else { main };
        Ok(Self(format!("{subclass} {main}/{sub}")))
    }

    /// `G`
    pub fn section(&self) -> &str {
        &self.0[..1]
    }

    /// `G06`
    pub fn class(&self) -> &str {
        &self.0[..3]
    }

    /// `G06F`
    pub fn subclass(&self) -> &str {
        &self.0[..4]
    }

    /// `G06F 16/00` for any code below the subclass level.
    pub fn main_group(&self) -> Option<String> {
        let (_, group) = self.0.split_once(' ')?;
        let (main, _) = group.split_once('/')?;
        Some(format!("{} {main}/00", self.subclass()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IpcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for IpcCode {
    type Error = IpcCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<IpcCode> for String {
    fn from(value: IpcCode) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_full_precision_and_expose_levels() {
        let code = IpcCode::parse("B64U101/30").unwrap();
        assert_eq!(code.as_str(), "B64U 101/30");
        assert_eq!(code.section(), "B");
        assert_eq!(code.class(), "B64");
        assert_eq!(code.subclass(), "B64U");
        assert_eq!(code.main_group().as_deref(), Some("B64U 101/00"));
        assert_eq!(IpcCode::parse("g06f 16/335").unwrap().as_str(), "G06F 16/335");
        assert_eq!(IpcCode::parse("H02G").unwrap().main_group(), None);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "Z01B", "G6F", "G06F16", "G06F 16/3", "G06F /33", "G06F 16/33x", "123"] {
            assert!(IpcCode::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
