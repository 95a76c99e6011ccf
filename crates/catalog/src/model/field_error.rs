//! Validation failures that name the field and say how to fix it.

use serde::Serialize;

/// One invalid field: the API field name, a stable code and a Chinese message for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }
}

/// Collects field errors so a request reports every problem at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Checks a required, trimmed text of at most `max_chars` characters.
    pub fn required_text(&mut self, field: &str, value: Option<&str>, max_chars: usize) -> Option<String> {
        match value.map(str::trim) {
            None | Some("") => {
                self.push(field, "required", format!("{field} 为必填项"));
                None
            }
            Some(text) => self.bounded(field, text, max_chars),
        }
    }

    /// Checks an optional text; blank counts as absent.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max_chars: usize) -> Option<String> {
        match value.map(str::trim) {
            None | Some("") => None,
            Some(text) => self.bounded(field, text, max_chars),
        }
    }

    fn bounded(&mut self, field: &str, text: &str, max_chars: usize) -> Option<String> {
        if text.chars().count() > max_chars {
            self.push(field, "too_long", format!("{field} 不能超过 {max_chars} 个字符"));
            return None;
        }
        Some(text.to_string())
    }

    /// Checks a list of short texts: each non-empty, unique, at most `max_items`.
    pub fn text_list(&mut self, field: &str, values: &[String], max_items: usize, max_chars: usize) -> Vec<String> {
        if values.len() > max_items {
            self.push(field, "too_many", format!("{field} 最多 {max_items} 项"));
        }
        let mut kept: Vec<String> = Vec::new();
        for value in values {
            let value = value.trim();
            if value.is_empty() {
                self.push(field, "blank_item", format!("{field} 不能包含空项"));
            } else if value.chars().count() > max_chars {
                self.push(field, "too_long", format!("{field} 的每一项不能超过 {max_chars} 个字符"));
            } else if !kept.iter().any(|existing| existing == value) {
                kept.push(value.to_string());
            }
        }
        kept
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing failed, else every collected error.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() { Ok(value()) } else { Err(self.0) }
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}
