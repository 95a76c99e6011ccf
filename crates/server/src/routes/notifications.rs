//! Notifications of the caller's organization.

use actix_web::{HttpResponse, get, post, web};
use catalog::model::page::Page;
use matching::model::ids::NotificationId;
use matching::model::notification::Notification;
use matching::service::notifications;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Caller;
use crate::config::PaginationSettings;
use crate::error::{ApiError, Problem};
use crate::matching_context::MatchingContext;
use crate::pagination::page_request;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only unread notifications.
    pub unread: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The caller's organization's notifications, newest first.
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses((status = 200, body = Page<Notification>), (status = 401, body = Problem, content_type = "application/problem+json"))
)]
#[get("/notifications")]
pub async fn list(
    context: web::Data<MatchingContext>,
    pagination: web::Data<PaginationSettings>,
    caller: Caller,
    query: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page_request(&pagination, query.page, query.per_page)?;
    let unread = query.unread.unwrap_or(false);
    Ok(HttpResponse::Ok().json(notifications::list(&context.db, &caller.0, unread, page).await?))
}

/// Mark a notification read (idempotent; the first reading time stays).
#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Notification), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    context: web::Data<MatchingContext>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(notifications::mark_read(&context.db, &caller.0, NotificationId(*id)).await?))
}
