//! JSON Lines: one patent object per line, with the API's field names.

use super::ImportRow;
use crate::error::{Error, Result};
use crate::model::field_error::FieldError;
use crate::model::input::NewPatent;

pub(super) fn parse(bytes: &[u8]) -> Result<Vec<ImportRow>> {
    let text = std::str::from_utf8(bytes).map_err(|error| Error::ImportMalformed {
        line: line_of_offset(bytes, error.valid_up_to()),
        message: "文件不是有效的 UTF-8 编码".to_string(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|error| Error::ImportMalformed {
            line: line_number,
            message: format!("不是有效的 JSON：{error}"),
        })?;
        if !value.is_object() {
            return Err(Error::ImportMalformed {
                line: line_number,
                message: "每一行必须是一个 JSON 对象".to_string(),
            });
        }
        let input = serde_path_to_error::deserialize::<_, NewPatent>(value).map_err(|error| {
            let field = unknown_field_name(&error.inner().to_string()).unwrap_or_else(|| error.path().to_string());
            FieldError::new(field, "invalid_value", format!("字段值无效：{}", error.inner()))
        });
        rows.push(ImportRow { line: line_number, input });
    }
    Ok(rows)
}

/// serde names an unknown field inside backticks: "unknown field `foo`, expected ...".
fn unknown_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next().map(str::to_string)
}

fn line_of_offset(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset].iter().filter(|byte| **byte == b'\n').count() as u64 + 1
}
