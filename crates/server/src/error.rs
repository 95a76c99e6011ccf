//! The public error contract: one table of codes, RFC 9457 `application/problem+json` bodies,
//! and an exhaustive mapping from every domain error (no `_` arm, so a new variant cannot
//! silently become a 500).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use catalog::model::field_error::FieldError;
use serde::Serialize;

macro_rules! error_codes {
    ($($variant:ident => ($code:literal, $status:ident, $title:literal)),+ $(,)?) => {
        /// Every error code the API can return.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode { $($variant),+ }

        impl ErrorCode {
            /// All codes, for the documentation table and tests.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The stable machine-readable code.
            pub fn code(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),+ }
            }

            pub fn status(self) -> StatusCode {
                match self { $(ErrorCode::$variant => StatusCode::$status),+ }
            }

            /// A short Chinese title for people.
            pub fn title(self) -> &'static str {
                match self { $(ErrorCode::$variant => $title),+ }
            }
        }
    };
}

error_codes! {
    MalformedJson => ("malformed_json", BAD_REQUEST, "请求体不是有效的 JSON"),
    MalformedQuery => ("malformed_query", BAD_REQUEST, "查询参数无效"),
    MalformedPath => ("malformed_path", BAD_REQUEST, "路径参数无效"),
    ValidationFailed => ("validation_failed", UNPROCESSABLE_ENTITY, "输入未通过校验"),
    PayloadTooLarge => ("payload_too_large", PAYLOAD_TOO_LARGE, "请求体过大"),
    UnsupportedMediaType => ("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE, "不支持的内容类型"),
    RouteNotFound => ("route_not_found", NOT_FOUND, "接口不存在"),
    MethodNotAllowed => ("method_not_allowed", METHOD_NOT_ALLOWED, "不支持该请求方法"),
    BadRequest => ("bad_request", BAD_REQUEST, "请求无效"),
    Unauthenticated => ("unauthenticated", UNAUTHORIZED, "需要登录"),
    InvalidToken => ("invalid_token", UNAUTHORIZED, "访问令牌无效"),
    TokenExpired => ("token_expired", UNAUTHORIZED, "访问令牌已过期"),
    InvalidCredentials => ("invalid_credentials", UNAUTHORIZED, "邮箱或密码错误"),
    ForbiddenRole => ("forbidden_role", FORBIDDEN, "当前角色无权执行此操作"),
    OrganizationNotFound => ("organization_not_found", NOT_FOUND, "机构不存在"),
    OrganizationNameTaken => ("organization_name_taken", CONFLICT, "机构名称已被注册"),
    OrganizationAlreadyVerified => ("organization_already_verified", CONFLICT, "机构已认证"),
    EmailTaken => ("email_taken", CONFLICT, "邮箱已被注册"),
    PatentNotFound => ("patent_not_found", NOT_FOUND, "专利不存在"),
    PublicationNumberTaken => ("publication_number_taken", CONFLICT, "公开号已登记"),
    EventNotApplicable => ("event_not_applicable", CONFLICT, "法律状态事件与专利当前状态冲突"),
    ConcurrentWrite => ("concurrent_write", CONFLICT, "数据正被同时修改"),
    ImportMalformed => ("import_malformed", BAD_REQUEST, "导入文件格式错误"),
    ImportUnknownColumns => ("import_unknown_columns", BAD_REQUEST, "导入文件包含无法识别的列"),
    InvalidSearchQuery => ("invalid_search_query", BAD_REQUEST, "搜索条件无效"),
    OfferRejected => ("offer_rejected", UNPROCESSABLE_ENTITY, "开放许可声明未通过检查"),
    OfferNotFound => ("offer_not_found", NOT_FOUND, "开放许可声明不存在"),
    OfferWithdrawn => ("offer_withdrawn", CONFLICT, "开放许可声明已撤回"),
    OfferSuperseded => ("offer_superseded", CONFLICT, "开放许可声明已被新版本替代"),
    OfferSuspended => ("offer_suspended", CONFLICT, "开放许可声明暂停实施"),
    LicenseNotFound => ("license_not_found", NOT_FOUND, "许可不存在"),
    LicenseExists => ("license_exists", CONFLICT, "已持有该专利的有效许可"),
    IdempotencyKeyReused => ("idempotency_key_reused", UNPROCESSABLE_ENTITY, "Idempotency-Key 已用于其他请求"),
    LicenseStateConflict => ("license_state_conflict", CONFLICT, "许可当前状态不允许此操作"),
    TerminationNotAllowed => ("termination_not_allowed", CONFLICT, "当前不能终止许可"),
    ObligationNotFound => ("obligation_not_found", NOT_FOUND, "应付款项不存在"),
    ReportExists => ("report_exists", CONFLICT, "该期使用情况已报告"),
    Overpayment => ("overpayment", UNPROCESSABLE_ENTITY, "付款金额超过未付金额"),
    AlreadyRecorded => ("already_recorded", CONFLICT, "许可已备案"),
    DemandNotFound => ("demand_not_found", NOT_FOUND, "需求不存在"),
    NotificationNotFound => ("notification_not_found", NOT_FOUND, "通知不存在"),
    InternalError => ("internal_error", INTERNAL_SERVER_ERROR, "服务器内部错误"),
}

/// The problem+json body.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// An error response: a code from the table, a detail for people, optional field errors.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self { code, detail: detail.into(), errors: Vec::new() }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [only] => only.message.clone(),
            _ => format!("{} 个字段未通过校验，详见 errors", errors.len()),
        };
        Self { code: ErrorCode::ValidationFailed, detail, errors }
    }

    pub fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("urn:kaixu:problem:{}", self.code.code()),
            title: self.code.title().to_string(),
            status: self.code.status().as_u16(),
            detail: self.detail.clone(),
            code: self.code.code().to_string(),
            errors: self.errors.clone(),
        }
    }

    /// Logs the cause of a server error and returns the generic 500 (the cause never leaves).
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        let mut chain = cause.to_string();
        let mut source = cause.source();
        while let Some(next) = source {
            chain.push_str(": ");
            chain.push_str(&next.to_string());
            source = next.source();
        }
        tracing::error!(cause = %chain, "request failed");
        Self::new(ErrorCode::InternalError, "服务器内部错误，请稍后重试")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.code(), self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.code.status()).content_type("application/problem+json").json(self.problem())
    }
}

impl From<catalog::Error> for ApiError {
    fn from(error: catalog::Error) -> Self {
        use catalog::Error as E;
        match error {
            E::Validation(errors) => Self::validation(errors),
            E::RoleNotAllowed { action } => {
                Self::new(ErrorCode::ForbiddenRole, format!("当前角色无权执行此操作（{action}）"))
            }
            E::OrganizationNotFound => Self::new(ErrorCode::OrganizationNotFound, "机构不存在"),
            E::OrganizationNameTaken => {
                Self::new(ErrorCode::OrganizationNameTaken, "该机构名称已被注册，请使用全称或联系平台运营方")
            }
            E::OrganizationAlreadyVerified => Self::new(ErrorCode::OrganizationAlreadyVerified, "该机构已通过认证"),
            E::PatentNotFound => Self::new(ErrorCode::PatentNotFound, "专利不存在或无权查看"),
            E::PublicationNumberTaken => Self::new(ErrorCode::PublicationNumberTaken, "该公开号已在平台登记"),
            E::EventNotApplicable { code, message } => Self {
                code: ErrorCode::EventNotApplicable,
                detail: message.clone(),
                errors: vec![FieldError::new("kind", code, message)],
            },
            E::ImportMalformed { line, message } => {
                Self::new(ErrorCode::ImportMalformed, format!("第 {line} 行：{message}；文件未导入任何记录"))
            }
            E::ImportUnknownColumns(columns) => Self::new(
                ErrorCode::ImportUnknownColumns,
                format!(
                    "无法识别的列：{}；可用的列为：{}（或对应的中文表头）",
                    columns.join("、"),
                    catalog::import::accepted_columns().join(", ")
                ),
            ),
            E::ConcurrentWrite => {
                Self::new(ErrorCode::ConcurrentWrite, "另一个请求同时写入了相同的专利，本次未写入任何记录，请重试")
            }
            E::Storage(cause) => Self::internal(&cause),
        }
    }
}

impl From<accounts::Error> for ApiError {
    fn from(error: accounts::Error) -> Self {
        use accounts::Error as E;
        match error {
            E::Validation(errors) => Self::validation(errors),
            E::EmailTaken => Self::new(ErrorCode::EmailTaken, "该邮箱已注册，请直接登录"),
            E::InvalidCredentials => Self::new(ErrorCode::InvalidCredentials, "邮箱或密码错误"),
            E::UserNotFound => Self::new(ErrorCode::InvalidToken, "令牌对应的用户不存在"),
            E::Catalog(inner) => inner.into(),
            E::Hashing => Self::internal(&E::Hashing),
            E::Storage(cause) => Self::internal(&cause),
        }
    }
}

impl From<search::Error> for ApiError {
    fn from(error: search::Error) -> Self {
        use search::Error as E;
        match error {
            E::InvalidQuery { field, code, message } => Self {
                code: ErrorCode::InvalidSearchQuery,
                detail: message.clone(),
                errors: vec![FieldError::new(field, code, message)],
            },
            E::Catalog(inner) => inner.into(),
            E::Index(_) | E::Io(..) => Self::internal(&error),
        }
    }
}

impl From<licensing::Error> for ApiError {
    fn from(error: licensing::Error) -> Self {
        use licensing::Error as E;
        match error {
            E::Validation(errors) => Self::validation(errors),
            E::OfferRejected(problems) => Self {
                code: ErrorCode::OfferRejected,
                detail: format!("开放许可声明有 {} 项问题，未发布；详见 errors", problems.len()),
                errors: problems,
            },
            E::RoleNotAllowed { action } => {
                Self::new(ErrorCode::ForbiddenRole, format!("当前角色无权执行此操作（{action}）"))
            }
            E::OfferNotFound => Self::new(ErrorCode::OfferNotFound, "开放许可声明不存在或无权操作"),
            E::LicenseNotFound => Self::new(ErrorCode::LicenseNotFound, "许可不存在或无权查看"),
            E::ObligationNotFound => Self::new(ErrorCode::ObligationNotFound, "该许可没有这笔应付款项"),
            E::OfferWithdrawn => Self::new(ErrorCode::OfferWithdrawn, "专利权人已撤回该开放许可声明，不再接受新的许可"),
            E::OfferSuperseded { current } => Self::new(
                ErrorCode::OfferSuperseded,
                match current {
                    Some(current) => format!("该版本已被新版本替代，请查看并接受当前版本 {current}"),
                    None => "该版本已被新版本替代，且当前没有有效的开放许可声明".to_string(),
                },
            ),
            E::OfferSuspended(failures) => Self {
                code: ErrorCode::OfferSuspended,
                detail: "专利当前不符合开放许可条件，声明暂停实施，恢复前不接受新的许可".to_string(),
                errors: failures
                    .into_iter()
                    .map(|failure| FieldError::new("patent", failure.code, failure.message))
                    .collect(),
            },
            E::LicenseExists { license_id } => Self::new(
                ErrorCode::LicenseExists,
                format!("贵单位已持有该专利的有效许可（{license_id}），不能重复接受"),
            ),
            E::IdempotencyKeyReused => {
                Self::new(ErrorCode::IdempotencyKeyReused, "该 Idempotency-Key 已用于接受另一份声明，请使用新的键")
            }
            E::TransitionNotAllowed { state, action } => {
                Self::new(ErrorCode::LicenseStateConflict, format!("许可处于 {state} 状态，不能执行 {action}"))
            }
            E::TerminationNotAllowed => Self::new(
                ErrorCode::TerminationNotAllowed,
                "专利权人仅在被许可人逾期未付款时才能终止许可；被许可人可随时终止",
            ),
            E::ReportExists { period_index } => {
                Self::new(ErrorCode::ReportExists, format!("第 {period_index} 期使用情况已报告，不能重复报告"))
            }
            E::Overpayment { outstanding_fen } => Self {
                code: ErrorCode::Overpayment,
                detail: format!("付款金额超过该款项的未付金额（{outstanding_fen} 分）"),
                errors: vec![FieldError::new("amount_fen", "overpayment", format!("最多可付 {outstanding_fen} 分"))],
            },
            E::AlreadyRecorded => Self::new(ErrorCode::AlreadyRecorded, "该许可已登记备案"),
            E::Catalog(inner) => inner.into(),
            E::ConcurrentWrite => {
                Self::new(ErrorCode::ConcurrentWrite, "另一个请求同时修改了相同的数据，本次未写入，请重试")
            }
            E::Storage(cause) => Self::internal(&cause),
        }
    }
}

impl From<stats::Error> for ApiError {
    fn from(error: stats::Error) -> Self {
        use stats::Error as E;
        match error {
            E::Validation(errors) => Self::validation(errors),
            E::RoleNotAllowed { action } => {
                Self::new(ErrorCode::ForbiddenRole, format!("当前角色无权执行此操作（{action}）"))
            }
            E::Catalog(inner) => inner.into(),
            E::Storage(cause) => Self::internal(&cause),
        }
    }
}

impl From<matching::Error> for ApiError {
    fn from(error: matching::Error) -> Self {
        use matching::Error as E;
        match error {
            E::Validation(errors) => Self::validation(errors),
            E::RoleNotAllowed { action } => {
                Self::new(ErrorCode::ForbiddenRole, format!("当前角色无权执行此操作（{action}）"))
            }
            E::DemandNotFound => Self::new(ErrorCode::DemandNotFound, "需求不存在或无权查看"),
            E::NotificationNotFound => Self::new(ErrorCode::NotificationNotFound, "通知不存在或不属于贵单位"),
            E::Catalog(inner) => inner.into(),
            E::Licensing(inner) => inner.into(),
            E::Search(inner) => inner.into(),
            E::Storage(cause) => Self::internal(&cause),
        }
    }
}
