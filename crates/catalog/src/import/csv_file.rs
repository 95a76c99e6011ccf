//! CSV with a header row (UTF-8, optional BOM).

use super::ImportRow;
use super::columns::{map_headers, row_to_input};
use crate::error::{Error, Result};

pub(super) fn parse(bytes: &[u8]) -> Result<Vec<ImportRow>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes);
    let headers: Vec<String> =
        reader.headers().map_err(|error| malformed(&error, 1))?.iter().map(str::to_string).collect();
    if headers.iter().all(|header| header.trim().is_empty()) {
        return Err(Error::ImportMalformed { line: 1, message: "文件为空或缺少表头".to_string() });
    }
    let fields = map_headers(&headers)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| malformed(&error, 0))?;
        let line = record.position().map(|position| position.line()).unwrap_or(0);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        rows.push(ImportRow { line, input: row_to_input(&fields, &cells) });
    }
    Ok(rows)
}

fn malformed(error: &csv::Error, fallback_line: u64) -> Error {
    let line = error.position().map(|position| position.line()).unwrap_or(fallback_line);
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "文件不是有效的 UTF-8 编码（请以 UTF-8 保存 CSV）".to_string(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("该行有 {len} 列，表头有 {expected_len} 列")
        }
        _ => format!("CSV 格式错误：{error}"),
    };
    Error::ImportMalformed { line, message }
}
