//! Spreadsheet columns: the API field names or the Chinese headers transfer offices use.

use crate::error::{Error, Result};
use crate::model::field_error::FieldError;
use crate::model::input::NewPatent;
use crate::model::patent::CoOwner;

/// Accepted headers for each field; the first is the API name.
const COLUMNS: &[(&str, &[&str])] = &[
    ("publication_number", &["公开号", "公告号", "公开（公告）号", "公开(公告)号", "专利号"]),
    ("application_number", &["申请号"]),
    ("title", &["名称", "专利名称", "发明名称", "标题"]),
    ("abstract", &["摘要"]),
    ("claims", &["权利要求", "权利要求书"]),
    ("ipc_codes", &["IPC", "IPC分类号", "分类号", "IPC 分类号"]),
    ("applicants", &["申请人", "专利权人"]),
    ("co_owners", &["共有人"]),
    ("patent_type", &["专利类型", "类型"]),
    ("application_date", &["申请日"]),
    ("grant_date", &["授权日", "授权公告日"]),
    ("legal_status", &["法律状态"]),
    ("state_funded", &["财政资助", "是否财政资助"]),
    ("evaluation_report_ref", &["评价报告", "评价报告编号", "专利权评价报告"]),
    ("grade", &["分级", "等级"]),
    ("last_implemented_on", &["最近实施日期", "实施日期"]),
    ("keywords", &["关键词"]),
    ("source", &["来源"]),
];

/// Maps a header row to field names; unknown or repeated columns refuse the file.
pub(super) fn map_headers(headers: &[String]) -> Result<Vec<&'static str>> {
    let mut fields = Vec::with_capacity(headers.len());
    let mut unknown = Vec::new();
    for header in headers {
        let header = header.trim().trim_start_matches('\u{feff}');
        let found = COLUMNS.iter().find(|(name, aliases)| *name == header || aliases.contains(&header));
        match found {
            Some((name, _)) if fields.contains(name) => {
                return Err(Error::ImportMalformed { line: 1, message: format!("列“{header}”重复") });
            }
            Some((name, _)) => fields.push(*name),
            None => unknown.push(header.to_string()),
        }
    }
    if !unknown.is_empty() {
        return Err(Error::ImportUnknownColumns(unknown));
    }
    if !fields.contains(&"publication_number") || !fields.contains(&"title") {
        return Err(Error::ImportMalformed {
            line: 1,
            message: "表头必须包含 publication_number（公开号）和 title（名称）两列".to_string(),
        });
    }
    Ok(fields)
}

/// Every accepted header, for error messages.
pub fn accepted_columns() -> Vec<&'static str> {
    COLUMNS.iter().map(|(name, _)| *name).collect()
}

fn split_list(value: &str) -> Vec<String> {
    value.split([';', '；', '|', '\n']).map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect()
}

/// A co-owner cell item, `甲公司` or `甲公司(同意)` when consent is recorded.
fn co_owner(item: String) -> CoOwner {
    for marker in ["(同意)", "（同意）"] {
        if let Some(name) = item.strip_suffix(marker) {
            return CoOwner { name: name.trim().to_string(), consent: true };
        }
    }
    CoOwner { name: item, consent: false }
}

fn parse_bool(field: &str, value: &str) -> Result<Option<bool>, FieldError> {
    match value.trim() {
        "" => Ok(None),
        "是" | "true" | "TRUE" | "True" | "1" | "Y" | "y" | "yes" => Ok(Some(true)),
        "否" | "false" | "FALSE" | "False" | "0" | "N" | "n" | "no" => Ok(Some(false)),
        other => Err(FieldError::new(field, "invalid_boolean", format!("{field}“{other}”无效，应为 是 或 否"))),
    }
}

/// Builds the input of one row from its cells, already converted to text.
pub(super) fn row_to_input(fields: &[&'static str], cells: &[String]) -> Result<NewPatent, FieldError> {
    let mut input = NewPatent::default();
    for (field, cell) in fields.iter().zip(cells) {
        let text = cell.trim();
        if text.is_empty() {
            continue;
        }
        let value = Some(text.to_string());
        match *field {
            "publication_number" => input.publication_number = value,
            "application_number" => input.application_number = value,
            "title" => input.title = value,
            "abstract" => input.abstract_text = value,
            "claims" => input.claims = value,
            "ipc_codes" => input.ipc_codes = split_list(text),
            "applicants" => input.applicants = split_list(text),
            "co_owners" => input.co_owners = split_list(text).into_iter().map(co_owner).collect(),
            "patent_type" => input.patent_type = value,
            "application_date" => input.application_date = value,
            "grant_date" => input.grant_date = value,
            "legal_status" => input.legal_status = value,
            "state_funded" => input.state_funded = parse_bool(field, text)?,
            "evaluation_report_ref" => input.evaluation_report_ref = value,
            "grade" => input.grade = value,
            "last_implemented_on" => input.last_implemented_on = value,
            "keywords" => input.keywords = split_list(text),
            "source" => input.source = value,
            _ => {}
        }
    }
    Ok(input)
}
