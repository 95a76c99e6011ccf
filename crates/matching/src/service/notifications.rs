//! Notifications: written at most once per organization and key, read and marked read by their
//! organization only.

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::page::{Page, PageRequest};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::ids::{DemandId, NotificationId};
use crate::model::notification::{Notification, NotificationKind};
use crate::store::notification;

/// A notification to write.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub organization_id: OrganizationId,
    pub kind: NotificationKind,
    /// Names the event: a second notification with the same key for the organization is dropped.
    pub dedupe_key: String,
    pub title: String,
    pub body: String,
    pub demand_id: Option<DemandId>,
    pub patent_id: Option<PatentId>,
    pub score: Option<i64>,
}

/// Writes the notification unless the organization already has one with its key; returns
/// whether it was written.
pub async fn notify<C: ConnectionTrait>(conn: &C, new: NewNotification) -> Result<bool> {
    let row = notification::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(new.organization_id.0),
        kind: Set(new.kind.code().to_string()),
        dedupe_key: Set(new.dedupe_key),
        title: Set(new.title.chars().take(200).collect()),
        body: Set(new.body),
        demand_id: Set(new.demand_id.map(|id| id.0)),
        patent_id: Set(new.patent_id.map(|id| id.0)),
        score: Set(new.score),
        created_at: Set(Utc::now()),
        read_at: Set(None),
    };
    let once = OnConflict::columns([notification::Column::OrganizationId, notification::Column::DedupeKey])
        .do_nothing()
        .to_owned();
    let written = notification::Entity::insert(row).on_conflict(once).exec_without_returning(conn).await?;
    Ok(written > 0)
}

fn view(row: notification::Model) -> Notification {
    Notification {
        id: NotificationId(row.id),
        kind: NotificationKind::parse(&row.kind).unwrap_or(NotificationKind::FeedbackReceived),
        title: row.title,
        body: row.body,
        demand_id: row.demand_id.map(DemandId),
        patent_id: row.patent_id.map(PatentId),
        score: row.score,
        created_at: row.created_at,
        read_at: row.read_at,
    }
}

/// The caller's organization's notifications, newest first; only unread ones when asked.
pub async fn list(db: &Db, actor: &Actor, unread_only: bool, page: PageRequest) -> Result<Page<Notification>> {
    let mut query =
        notification::Entity::find().filter(notification::Column::OrganizationId.eq(actor.organization_id.0));
    if unread_only {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok(Page { total, page: page.page, per_page: page.per_page, items: rows.into_iter().map(view).collect() })
}

/// Marks one of the caller's organization's notifications read (the first reading time stays).
pub async fn mark_read(db: &Db, actor: &Actor, id: NotificationId) -> Result<Notification> {
    let row = notification::Entity::find_by_id(id.0)
        .filter(notification::Column::OrganizationId.eq(actor.organization_id.0))
        .one(db)
        .await?
        .ok_or(Error::NotificationNotFound)?;
    if row.read_at.is_some() {
        return Ok(view(row));
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(notification::Column::Id.eq(id.0))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    let row = notification::Entity::find_by_id(id.0).one(db).await?.ok_or(Error::NotificationNotFound)?;
    Ok(view(row))
}
