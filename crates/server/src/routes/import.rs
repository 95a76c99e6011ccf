//! Bulk import of a university's patents from JSONL, CSV or XLSX.

use actix_web::{HttpRequest, HttpResponse, http::header, post, web};
use catalog::import::{ImportFormat, parse};
use catalog::model::organization::OrganizationKind;
use catalog::service::import::{ImportReport, import_patents};
use sea_orm::DatabaseConnection;

use crate::auth::Caller;
use crate::clock::Clock;
use crate::error::{ApiError, ErrorCode, Problem};

/// Import patents into the caller's catalog. The body is the file itself; its format comes from
/// `Content-Type`: `application/x-ndjson` (JSON Lines), `text/csv` or
/// `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`. Idempotent on publication
/// number; valid rows are kept and each rejected row is reported with line, field and reason.
#[utoipa::path(
    tag = "patents",
    security(("bearer" = [])),
    request_body(
        description = "the file: JSON Lines, CSV or XLSX",
        content(
            (String = "application/x-ndjson"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    ),
    responses(
        (status = 200, body = ImportReport),
        (status = 400, description = "malformed file", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/patents/import")]
pub async fn import(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    caller: Caller,
    request: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[OrganizationKind::University], "导入专利")?;
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let Some(format) = ImportFormat::from_content_type(content_type) else {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("不支持的 Content-Type“{content_type}”：请使用 application/x-ndjson、text/csv 或 XLSX"),
        ));
    };
    let rows = parse(format, &body)?;
    let report = import_patents(&db, Some(&caller.0), caller.0.organization_id, rows, clock.today(), &|_| {}).await?;
    Ok(HttpResponse::Ok().json(report))
}
