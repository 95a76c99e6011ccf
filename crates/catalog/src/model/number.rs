//! Chinese patent publication and application numbers.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::patent::PatentType;

/// A CNIPA publication number with its kind code, e.g. `CN114081026A`, `CN215697310U`.
///
/// Invariant: `CN`, 7 to 9 digits, a kind code letter and an optional digit
/// (`CN1234567B1` style numbers of old republications). Stored upper-case, without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicationNumber(String);

/// Why a publication number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublicationNumberError {
    #[error("公开号必须以 CN 开头，例如 CN114081026A")]
    MissingCountryCode,
    #[error("公开号的数字部分应为 7 至 9 位，例如 CN114081026A")]
    BadDigits,
    #[error("公开号缺少文献种类代码（A、B、C、U、Y、S 或 D），例如 CN114081026A")]
    MissingKindCode,
    #[error("未知的文献种类代码“{0}”，应为 A、B、C、U、Y、S 或 D")]
    UnknownKindCode(String),
}

impl PublicationNumber {
    /// Parses `CN114081026A` (case-insensitive, spaces and dots ignored).
    pub fn parse(raw: &str) -> Result<Self, PublicationNumberError> {
        let cleaned: String =
            raw.chars().filter(|c| !c.is_whitespace() && *c != '.').collect::<String>().to_ascii_uppercase();
        let Some(rest) = cleaned.strip_prefix("CN") else {
            return Err(PublicationNumberError::MissingCountryCode);
        };
        let digits_len = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if !(7..=9).contains(&digits_len) {
            return Err(PublicationNumberError::BadDigits);
        }
        let kind = &rest[digits_len..];
        if kind.is_empty() {
            return Err(PublicationNumberError::MissingKindCode);
        }
        let mut kind_chars = kind.chars();
        let letter = kind_chars.next().unwrap_or(' ');
        let suffix: String = kind_chars.collect();
        let suffix_ok = suffix.is_empty() || (suffix.len() == 1 && suffix.chars().all(|c| c.is_ascii_digit()));
        if !"ABCUYSD".contains(letter) || !suffix_ok {
            return Err(PublicationNumberError::UnknownKindCode(kind.to_string()));
        }
        Ok(Self(cleaned))
    }

    /// The kind code letter (`A`, `B`, `U` ...).
    pub fn kind_code(&self) -> char {
        let rest = &self.0[2..];
        rest.chars().find(|c| c.is_ascii_alphabetic()).unwrap_or('A')
    }

    /// The patent type implied by the kind code.
    pub fn implied_type(&self) -> PatentType {
        match self.kind_code() {
            'U' | 'Y' => PatentType::UtilityModel,
            'S' | 'D' => PatentType::Design,
            _ => PatentType::Invention,
        }
    }

    /// Whether this document is a grant publication (B/C for inventions, U/Y, S/D).
    /// An `A` document only publishes an application.
    pub fn is_grant_publication(&self) -> bool {
        self.kind_code() != 'A'
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PublicationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PublicationNumber {
    type Error = PublicationNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PublicationNumber> for String {
    fn from(value: PublicationNumber) -> Self {
        value.0
    }
}

/// A CNIPA application number: `CN` optional, then 12 digits (since 2003: year, type, serial)
/// or 8 digits (before 2003), a dot and a check character (digit or `X`), e.g. `CN202223220665.2`.
///
/// Stored as `CN` + digits + `.` + check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApplicationNumber(String);

/// Why an application number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("申请号格式应为 12 位（或 2003 年前的 8 位）数字加“.”和校验位，例如 CN202223220665.2")]
pub struct ApplicationNumberError;

impl ApplicationNumber {
    pub fn parse(raw: &str) -> Result<Self, ApplicationNumberError> {
        let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let body = cleaned.strip_prefix("CN").or_else(|| cleaned.strip_prefix("ZL")).unwrap_or(&cleaned);
        let Some((digits, check)) = body.split_once('.') else {
            return Err(ApplicationNumberError);
        };
        let digits_ok = (digits.len() == 12 || digits.len() == 8) && digits.chars().all(|c| c.is_ascii_digit());
        let check_ok = check.len() == 1 && check.chars().all(|c| c.is_ascii_digit() || c == 'X');
        if !digits_ok || !check_ok {
            return Err(ApplicationNumberError);
        }
        Ok(Self(format!("CN{digits}.{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ApplicationNumber {
    type Error = ApplicationNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ApplicationNumber> for String {
    fn from(value: ApplicationNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_publication_numbers_parse_with_their_kind() {
        let utility = PublicationNumber::parse("CN215697310U").unwrap();
        assert_eq!(utility.implied_type(), PatentType::UtilityModel);
        assert!(utility.is_grant_publication());
        let application = PublicationNumber::parse(" cn114081026a ").unwrap();
        assert_eq!(application.as_str(), "CN114081026A");
        assert!(!application.is_grant_publication());
        assert_eq!(PublicationNumber::parse("CN101141661B1").unwrap().kind_code(), 'B');
    }

    #[test]
    fn malformed_publication_numbers_say_what_is_wrong() {
        assert_eq!(PublicationNumber::parse("US1234567A"), Err(PublicationNumberError::MissingCountryCode));
        assert_eq!(PublicationNumber::parse("CN12A"), Err(PublicationNumberError::BadDigits));
        assert_eq!(PublicationNumber::parse("CN101141661"), Err(PublicationNumberError::MissingKindCode));
        assert_eq!(PublicationNumber::parse("CN101141661Q"), Err(PublicationNumberError::UnknownKindCode("Q".into())));
    }

    #[test]
    fn application_numbers_accept_both_formats_and_normalise() {
        assert_eq!(ApplicationNumber::parse("CN202223220665.2").unwrap().as_str(), "CN202223220665.2");
        assert_eq!(ApplicationNumber::parse("97123456.X").unwrap().as_str(), "CN97123456.X");
        assert!(ApplicationNumber::parse("2022232206652").is_err());
        assert!(ApplicationNumber::parse("CN20222322066.2").is_err());
    }
}
