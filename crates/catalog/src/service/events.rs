//! Recording legal-status events and reading a patent's history.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use super::audit::{self, AuditEntry};
use super::feed::append_changes;
use super::organizations::find_organization;
use super::patents::{ensure_can_read, load_for_update, load_patent};
use crate::error::{Error, Result};
use crate::model::actor::Actor;
use crate::model::event::{self, LegalEvent, NewLegalEvent, PatentEvent, kind_label};
use crate::model::ids::{EventId, PatentId};
use crate::model::organization::OrganizationKind;
use crate::model::patent::Patent;
use crate::store::convert::{from_json, patent_from_row, set_legal_state};
use crate::store::{patent, patent_event};

/// The owning university or an operator records events; enterprises cannot.
fn ensure_can_record(actor: &Actor, patent: &Patent) -> Result<()> {
    ensure_can_read(actor, patent)?;
    if actor.kind == OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "record legal-status events" });
    }
    Ok(())
}

/// Records an event and applies its effect to the patent, in one transaction with the
/// change-feed entry. Returns the stored event and the patent as it now stands.
pub async fn record_event(
    db: &DatabaseConnection,
    actor: &Actor,
    patent_id: PatentId,
    input: &NewLegalEvent,
    today: NaiveDate,
) -> Result<(PatentEvent, Patent)> {
    let valid = input.validate(today).map_err(Error::Validation)?;
    let txn = db.begin().await?;
    let (row, current) = load_for_update(&txn, patent_id).await?;
    ensure_can_record(actor, &current)?;
    if let LegalEvent::Transfer { assignee_organization_id: Some(assignee), .. } = &valid.event {
        let assignee = find_organization(&txn, *assignee).await.map_err(|error| match error {
            Error::OrganizationNotFound => Error::Validation(vec![crate::model::field_error::FieldError::new(
                "assignee_organization_id",
                "not_found",
                "受让机构不存在",
            )]),
            other => other,
        })?;
        if assignee.kind != OrganizationKind::University || assignee.id == current.organization_id {
            return Err(Error::Validation(vec![crate::model::field_error::FieldError::new(
                "assignee_organization_id",
                "invalid_assignee",
                "受让机构必须是平台上的另一所高校；转让给平台外的权利人请只填写 assignee_name",
            )]));
        }
    }
    let mut updated = current.clone();
    event::apply(&mut updated, &valid)
        .map_err(|rejection| Error::EventNotApplicable { code: rejection.code, message: rejection.message })?;

    let mut active: patent::ActiveModel = row.into();
    set_legal_state(&mut active, &updated);
    active.updated_at = Set(Utc::now());
    let stored_patent = active.update(&txn).await?;

    let event_row = patent_event::ActiveModel {
        id: Set(EventId::generate().0),
        patent_id: Set(patent_id.0),
        kind: Set(valid.event.kind().to_string()),
        details: Set(valid.event.details().to_string()),
        occurred_on: Set(valid.occurred_on),
        note: Set(valid.note.clone()),
        recorded_by: Set(Some(actor.user_id)),
        recorded_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    append_changes(&txn, &[patent_id]).await?;
    let entry = AuditEntry::new("patent.event", "patent", patent_id).with_detail(serde_json::json!({
        "kind": valid.event.kind(),
        "occurred_on": valid.occurred_on,
    }));
    audit::append(&txn, Some(actor), entry).await?;
    txn.commit().await?;
    Ok((event_from_row(event_row)?, patent_from_row(stored_patent)?))
}

fn event_from_row(row: patent_event::Model) -> Result<PatentEvent> {
    Ok(PatentEvent {
        id: EventId(row.id),
        patent_id: PatentId(row.patent_id),
        label: kind_label(&row.kind).to_string(),
        kind: row.kind,
        occurred_on: row.occurred_on,
        note: row.note,
        details: from_json("event details", &row.details)?,
        recorded_by: row.recorded_by,
        recorded_at: row.recorded_at,
    })
}

/// A patent's legal-status history, oldest first.
pub async fn list_events(db: &DatabaseConnection, actor: &Actor, patent_id: PatentId) -> Result<Vec<PatentEvent>> {
    let patent = load_patent(db, patent_id).await?;
    ensure_can_record(actor, &patent)?;
    let rows = patent_event::Entity::find()
        .filter(patent_event::Column::PatentId.eq(patent_id.0))
        .order_by_asc(patent_event::Column::OccurredOn)
        .order_by_asc(patent_event::Column::RecordedAt)
        .all(db)
        .await?;
    rows.into_iter().map(event_from_row).collect()
}

/// Today's date is passed in by the caller so the rules can be tested at any date.
pub fn today_utc() -> NaiveDate {
    Utc::now().date_naive()
}
