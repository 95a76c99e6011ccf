//! Structured feedback on matched patents: given by the demand's enterprise, read back by the
//! engine (exclusion and lift) and by the patent's university.

use std::collections::{BTreeSet, HashMap};

use catalog::Db;
use catalog::model::actor::Actor;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::OrganizationKind;
use catalog::service::audit::{self, AuditEntry};
use catalog::service::organizations::organizations_by_ids;
use catalog::service::patents::patents_by_ids;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use serde::Serialize;
use uuid::Uuid;

use super::Matcher;
use super::engine::comparison_words;
use super::notifications::{NewNotification, notify};
use super::support::{is_operator, load_demand, own_demand};
use crate::error::{Error, Result};
use crate::model::demand::Demand;
use crate::model::feedback::{CooperationIntent, Feedback, FeedbackInput};
use crate::model::ids::DemandId;
use crate::model::notification::NotificationKind;
use crate::store::{demand, feedback};

/// The feedback a match result shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackBrief {
    pub relevant: bool,
    pub prospect: Option<u8>,
    pub cooperation_intent: CooperationIntent,
}

/// A patent the enterprise marked relevant, with the words it is compared on.
#[derive(Debug, Clone)]
pub struct MarkedPatent {
    pub id: PatentId,
    pub title: String,
    pub words: BTreeSet<String>,
}

/// Everything a demand's feedback means for its ranking.
#[derive(Debug, Clone, Default)]
pub struct DemandFeedback {
    pub relevant: Vec<MarkedPatent>,
    pub irrelevant: Vec<PatentId>,
    pub by_patent: HashMap<PatentId, FeedbackBrief>,
}

fn brief(row: &feedback::Model) -> FeedbackBrief {
    FeedbackBrief {
        relevant: row.relevant,
        prospect: row.prospect.map(|prospect| prospect.clamp(0, 5) as u8),
        cooperation_intent: CooperationIntent::parse(&row.cooperation_intent).unwrap_or(CooperationIntent::None),
    }
}

/// The feedback of several demands, by demand.
pub(crate) async fn feedback_of(m: Matcher<'_>, demand_ids: &[Uuid]) -> Result<HashMap<Uuid, DemandFeedback>> {
    let rows = feedback::Entity::find().filter(feedback::Column::DemandId.is_in(demand_ids.to_vec())).all(m.db).await?;
    let relevant_ids: Vec<PatentId> =
        rows.iter().filter(|row| row.relevant).map(|row| PatentId(row.patent_id)).collect();
    let patents: HashMap<PatentId, _> =
        patents_by_ids(m.db, &relevant_ids).await?.into_iter().map(|patent| (patent.id, patent)).collect();
    let mut by_demand: HashMap<Uuid, DemandFeedback> = HashMap::new();
    for row in rows {
        let entry = by_demand.entry(row.demand_id).or_default();
        let patent_id = PatentId(row.patent_id);
        entry.by_patent.insert(patent_id, brief(&row));
        if !row.relevant {
            entry.irrelevant.push(patent_id);
            continue;
        }
        if let Some(patent) = patents.get(&patent_id) {
            let codes: Vec<String> = patent.ipc_codes.iter().map(|code| code.as_str().to_string()).collect();
            let words = comparison_words(m, &patent.title, &codes);
            entry.relevant.push(MarkedPatent { id: patent_id, title: patent.title.clone(), words });
        }
    }
    Ok(by_demand)
}

/// The feedback of one demand.
pub(crate) async fn demand_feedback(m: Matcher<'_>, demand_id: DemandId) -> Result<DemandFeedback> {
    Ok(feedback_of(m, &[demand_id.0]).await?.remove(&demand_id.0).unwrap_or_default())
}

async fn feedback_views(db: &Db, rows: Vec<feedback::Model>) -> Result<Vec<Feedback>> {
    let demand_ids: Vec<Uuid> = rows.iter().map(|row| row.demand_id).collect();
    let titles: HashMap<Uuid, String> = demand::Entity::find()
        .filter(demand::Column::Id.is_in(demand_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row.title))
        .collect();
    let organization_ids: Vec<OrganizationId> = rows.iter().map(|row| OrganizationId(row.organization_id)).collect();
    let names: HashMap<OrganizationId, String> = organizations_by_ids(db, &organization_ids)
        .await?
        .into_iter()
        .map(|organization| (organization.id, organization.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let intent = CooperationIntent::parse(&row.cooperation_intent).unwrap_or(CooperationIntent::None);
            Feedback {
                demand_id: DemandId(row.demand_id),
                demand_title: titles.get(&row.demand_id).cloned().unwrap_or_default(),
                patent_id: PatentId(row.patent_id),
                organization_id: OrganizationId(row.organization_id),
                organization_name: names.get(&OrganizationId(row.organization_id)).cloned().unwrap_or_default(),
                relevant: row.relevant,
                prospect: row.prospect.map(|prospect| prospect.clamp(0, 5) as u8),
                improvement_needs: row.improvement_needs,
                cooperation_intent: intent,
                cooperation_intent_label: intent.label(),
                created_at: row.created_at,
                updated_at: row.updated_at,
            }
        })
        .collect())
}

/// Records (or replaces) the demand's feedback on a patent; returns it and whether it is new.
/// The patent's university is notified once per demand and patent.
pub async fn give(
    m: Matcher<'_>,
    actor: &Actor,
    demand_id: DemandId,
    patent_id: PatentId,
    input: &FeedbackInput,
) -> Result<(Feedback, bool)> {
    if actor.kind != OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "give feedback on matches" });
    }
    let valid = input.validate().map_err(Error::Validation)?;
    let demand: Demand = own_demand(m.db, actor, demand_id).await?;
    let patent = patents_by_ids(m.db, &[patent_id]).await?.pop().ok_or(catalog::Error::PatentNotFound)?;
    let now = Utc::now();
    let txn = m.db.begin().await?;
    let existing = feedback::Entity::find()
        .filter(feedback::Column::DemandId.eq(demand_id.0))
        .filter(feedback::Column::PatentId.eq(patent_id.0))
        .one(&txn)
        .await?;
    let row = feedback::ActiveModel {
        id: Set(existing.as_ref().map(|row| row.id).unwrap_or_else(Uuid::now_v7)),
        demand_id: Set(demand_id.0),
        patent_id: Set(patent_id.0),
        organization_id: Set(actor.organization_id.0),
        patent_organization_id: Set(patent.organization_id.0),
        relevant: Set(valid.relevant),
        prospect: Set(valid.prospect.map(i32::from)),
        improvement_needs: Set(valid.improvement_needs.clone()),
        cooperation_intent: Set(valid.cooperation_intent.code().to_string()),
        given_by: Set(actor.user_id),
        created_at: Set(existing.as_ref().map(|row| row.created_at).unwrap_or(now)),
        updated_at: Set(now),
    };
    // A concurrent first submission for the same pair becomes an update, not a failure.
    let upsert = OnConflict::columns([feedback::Column::DemandId, feedback::Column::PatentId])
        .update_columns([
            feedback::Column::Relevant,
            feedback::Column::Prospect,
            feedback::Column::ImprovementNeeds,
            feedback::Column::CooperationIntent,
            feedback::Column::GivenBy,
            feedback::Column::UpdatedAt,
        ])
        .to_owned();
    feedback::Entity::insert(row).on_conflict(upsert).exec_without_returning(&txn).await?;
    let verdict = if valid.relevant { "相关" } else { "不相关" };
    notify(
        &txn,
        NewNotification {
            organization_id: patent.organization_id,
            kind: NotificationKind::FeedbackReceived,
            dedupe_key: format!("feedback:{}:{}", demand_id, patent_id),
            title: format!("企业对专利“{}”给出了反馈", patent.title),
            body: format!(
                "{} 在需求“{}”中将该专利标记为{}，合作意向：{}。",
                demand.organization_name,
                demand.title,
                verdict,
                valid.cooperation_intent.label()
            ),
            demand_id: Some(demand_id),
            patent_id: Some(patent_id),
            score: None,
        },
    )
    .await?;
    let detail = serde_json::json!({
        "demand_id": demand_id,
        "relevant": valid.relevant,
        "cooperation_intent": valid.cooperation_intent.code(),
    });
    let entry = AuditEntry::new("feedback.give", "patent", patent_id).with_detail(detail);
    audit::append(&txn, Some(actor), entry).await?;
    txn.commit().await?;
    let stored = feedback::Entity::find()
        .filter(feedback::Column::DemandId.eq(demand_id.0))
        .filter(feedback::Column::PatentId.eq(patent_id.0))
        .all(m.db)
        .await?;
    let view = feedback_views(m.db, stored).await?.pop().ok_or(Error::DemandNotFound)?;
    Ok((view, existing.is_none()))
}

/// The feedback enterprises gave on a patent, for its university and operators; newest first.
pub async fn patent_feedback(db: &Db, actor: &Actor, patent_id: PatentId) -> Result<Vec<Feedback>> {
    let patent = patents_by_ids(db, &[patent_id]).await?.pop().ok_or(catalog::Error::PatentNotFound)?;
    if actor.kind == OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "read the feedback on a university's patent" });
    }
    // Another university's patent is "not found", as in the catalog.
    if !actor.belongs_to(patent.organization_id) && !is_operator(actor) {
        return Err(Error::Catalog(catalog::Error::PatentNotFound));
    }
    let rows = feedback::Entity::find()
        .filter(feedback::Column::PatentId.eq(patent_id.0))
        .order_by_desc(feedback::Column::UpdatedAt)
        .order_by_desc(feedback::Column::Id)
        .all(db)
        .await?;
    feedback_views(db, rows).await
}

/// The feedback of a demand the caller may read, newest first.
pub async fn list_for_demand(db: &Db, actor: &Actor, demand_id: DemandId) -> Result<Vec<Feedback>> {
    let demand = load_demand(db, demand_id).await?;
    if !actor.belongs_to(demand.organization_id) && !is_operator(actor) {
        return Err(Error::DemandNotFound);
    }
    let rows = feedback::Entity::find()
        .filter(feedback::Column::DemandId.eq(demand_id.0))
        .order_by_desc(feedback::Column::UpdatedAt)
        .order_by_desc(feedback::Column::Id)
        .all(db)
        .await?;
    feedback_views(db, rows).await
}
