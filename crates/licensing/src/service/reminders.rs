//! Reminders of the caller's licenses, newest first.

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::organization::OrganizationKind;
use catalog::model::page::{Page, PageRequest};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

use crate::error::Result;
use crate::model::ids::LicenseId;
use crate::model::license::Reminder;
use crate::store::{license, reminder};

/// Reminders written for licenses the caller's organization is a party to (all for operators).
pub async fn reminders(db: &Db, actor: &Actor, page: PageRequest) -> Result<Page<Reminder>> {
    let mut query = reminder::Entity::find();
    if actor.kind != OrganizationKind::Operator {
        let own = license::Entity::find()
            .select_only()
            .column(license::Column::Id)
            .filter(
                Condition::any()
                    .add(license::Column::LicensorOrganizationId.eq(actor.organization_id.0))
                    .add(license::Column::LicenseeOrganizationId.eq(actor.organization_id.0)),
            )
            .into_query();
        query = query.filter(reminder::Column::LicenseId.in_subquery(own));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(reminder::Column::CreatedAt)
        .order_by_asc(reminder::Column::Kind)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|row| Reminder {
            license_id: LicenseId(row.license_id),
            kind: row.kind,
            due_on: row.due_on,
            message: row.message,
            created_at: row.created_at,
        })
        .collect();
    Ok(Page { total, page: page.page, per_page: page.per_page, items })
}
