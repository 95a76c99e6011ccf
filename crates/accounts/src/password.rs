//! Password policy and argon2id hashing.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

use crate::error::{Error, Result};

/// Passwords seen in every leaked-password list; refused even when they pass the rules.
const COMMON: &[&str] = &[
    "password123",
    "password1234",
    "qwerty123456",
    "1234567890a",
    "a1234567890",
    "abc1234567",
    "abcd123456",
    "qwertyuiop1",
    "iloveyou123",
    "admin123456",
    "woaini1314",
    "p@ssw0rd123",
    "passw0rd123",
    "1q2w3e4r5t",
];

/// Why a password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("密码至少 10 个字符")]
    TooShort,
    #[error("密码最多 128 个字符")]
    TooLong,
    #[error("密码须同时包含字母和数字")]
    MissingVariety,
    #[error("密码过于常见，请换一个")]
    Common,
    #[error("密码不能包含邮箱用户名")]
    ContainsEmail,
}

/// Checks the password policy: 10–128 characters, letters and digits, not a common password,
/// not containing the e-mail's local part.
pub fn check_password_policy(password: &str, email: &str) -> Result<(), PasswordPolicyError> {
    let length = password.chars().count();
    if length < 10 {
        return Err(PasswordPolicyError::TooShort);
    }
    if length > 128 {
        return Err(PasswordPolicyError::TooLong);
    }
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !(has_letter && has_digit) {
        return Err(PasswordPolicyError::MissingVariety);
    }
    let lowered = password.to_lowercase();
    if COMMON.contains(&lowered.as_str()) {
        return Err(PasswordPolicyError::Common);
    }
    let local_part = email.split('@').next().unwrap_or_default().to_lowercase();
    if local_part.chars().count() >= 4 && lowered.contains(&local_part) {
        return Err(PasswordPolicyError::ContainsEmail);
    }
    Ok(())
}

pub(crate) fn hash_password(password: &str) -> Result<String> {
    Argon2::default().hash_password(password.as_bytes()).map(|hash| hash.to_string()).map_err(|_| Error::Hashing)
}

pub(crate) fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_with_the_reason() {
        let email = "zhang.wei@example.edu.cn";
        assert_eq!(check_password_policy("short1", email), Err(PasswordPolicyError::TooShort));
        assert_eq!(check_password_policy("onlyletterslong", email), Err(PasswordPolicyError::MissingVariety));
        assert_eq!(check_password_policy("Password123", email), Err(PasswordPolicyError::Common));
        assert_eq!(check_password_policy("zhang.wei2024x", email), Err(PasswordPolicyError::ContainsEmail));
        assert_eq!(check_password_policy("橙子跑得快2024年", email), Ok(()));
    }

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let hash = hash_password("river-stone-42").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("river-stone-42", &hash));
        assert!(!verify_password("river-stone-43", &hash));
        assert!(!verify_password("river-stone-42", "not a hash"));
    }
}
