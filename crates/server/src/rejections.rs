//! actix's own rejections of bad JSON, query strings and path segments, as problem+json.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web;
use catalog::model::field_error::FieldError;

use crate::error::{ApiError, ErrorCode};

/// serde names an unknown field in backticks: "unknown field `foo`, expected ...".
fn unknown_field(message: &str) -> Option<FieldError> {
    let rest = message.split("unknown field `").nth(1)?;
    let name = rest.split('`').next()?;
    Some(FieldError::new(name, "unknown_field", format!("不支持的字段“{name}”")))
}

fn with_unknown_field(mut error: ApiError, message: &str) -> ApiError {
    if let Some(field) = unknown_field(message) {
        error.errors.push(field);
    }
    error
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(move |error, _request| {
        let api_error = match &error {
            JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
                ApiError::new(ErrorCode::PayloadTooLarge, format!("JSON 请求体不能超过 {limit} 字节"))
            }
            JsonPayloadError::ContentType => {
                ApiError::new(ErrorCode::UnsupportedMediaType, "Content-Type 应为 application/json")
            }
            JsonPayloadError::Deserialize(cause) => {
                let message = cause.to_string();
                with_unknown_field(
                    ApiError::new(ErrorCode::MalformedJson, format!("JSON 无法解析：{message}")),
                    &message,
                )
            }
            other => ApiError::new(ErrorCode::MalformedJson, format!("JSON 无法读取：{other}")),
        };
        api_error.into()
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _request| {
        let message = match &error {
            QueryPayloadError::Deserialize(cause) => cause.to_string(),
            other => other.to_string(),
        };
        with_unknown_field(ApiError::new(ErrorCode::MalformedQuery, format!("查询参数无效：{message}")), &message)
            .into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _request| {
        let message = match &error {
            PathError::Deserialize(cause) => cause.to_string(),
            other => other.to_string(),
        };
        ApiError::new(ErrorCode::MalformedPath, format!("路径参数无效：{message}")).into()
    })
}
