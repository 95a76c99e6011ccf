//! The reverse direction: the open demands a patent fits, scored with the same features as
//! the forward direction (the patent's key terms search the demand index).

use std::collections::{BTreeSet, HashMap};

use catalog::model::actor::Actor;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::OrganizationKind;
use catalog::model::page::{Page, PageRequest};
use catalog::service::organizations::organizations_by_ids;
use catalog::service::patents::patents_by_ids;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use search::keywords::KeyTerm;
use serde::Serialize;
use uuid::Uuid;

use super::Matcher;
use super::engine::feedback_signal;
use super::facts::patent_facts;
use super::feedback::feedback_of;
use super::support::{demand_view, is_operator};
use crate::error::{Error, Result};
use crate::model::demand::{Demand, DemandStatus};
use crate::model::facts::PatentFacts;
use crate::model::score::{Reason, admissible, coverage, score, signals, text_relevance};
use crate::store::demand;

/// An open demand a patent fits, with why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemandMatch {
    pub demand: Demand,
    /// Sum of the reasons' contributions, hundredths of a point.
    pub score: i64,
    pub reasons: Vec<Reason>,
    /// The patent's key terms found in the demand's title or description.
    pub matched_terms: Vec<String>,
}

/// The key terms of a patent: its title (counted twice) and abstract.
fn patent_terms(m: Matcher<'_>, title: &str, abstract_text: Option<&str>) -> Vec<KeyTerm> {
    let text = format!("{title}\n{title}\n{}", abstract_text.unwrap_or_default());
    m.patents.key_terms(&text, m.settings.key_terms)
}

/// Every open demand the patent fits, best first; empty when the patent does not exist.
pub async fn fitting_demands(m: Matcher<'_>, patent_id: PatentId) -> Result<Vec<DemandMatch>> {
    let Some(patent) = patents_by_ids(m.db, &[patent_id]).await?.pop() else {
        return Ok(Vec::new());
    };
    let terms = patent_terms(m, &patent.title, patent.abstract_text.as_deref());
    let hits = m.demands.search(&terms, m.settings.candidates)?;
    let ids: Vec<Uuid> = hits.iter().map(|hit| hit.id).collect();
    let rows: HashMap<Uuid, demand::Model> = demand::Entity::find()
        .filter(demand::Column::Id.is_in(ids.clone()))
        .filter(demand::Column::Status.eq(DemandStatus::Open.code()))
        .all(m.db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let organization_ids: Vec<OrganizationId> = rows.values().map(|row| OrganizationId(row.organization_id)).collect();
    let names: HashMap<OrganizationId, String> = organizations_by_ids(m.db, &organization_ids)
        .await?
        .into_iter()
        .map(|organization| (organization.id, organization.name))
        .collect();
    let mut feedback = feedback_of(m, &ids).await?;
    // The offer's fixed cost is counted over each demand's own budget years.
    let years: BTreeSet<u32> = rows.values().map(|row| row.budget_years.max(1) as u32).collect();
    let mut facts_by_years: HashMap<u32, PatentFacts> = HashMap::new();
    for year_count in years {
        if let Some(facts) = patent_facts(m.db, &[patent_id], m.today, year_count).await?.remove(&patent_id) {
            facts_by_years.insert(year_count, facts);
        }
    }
    let mut admitted = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(row) = rows.get(&hit.id).cloned() else { continue };
        let name = names.get(&OrganizationId(row.organization_id)).cloned().unwrap_or_default();
        let demand = demand_view(row, name)?;
        let Some(facts) = facts_by_years.get(&demand.budget.years) else { continue };
        let demand_feedback = feedback.remove(&hit.id).unwrap_or_default();
        if demand_feedback.irrelevant.contains(&patent_id) || !admissible(&demand, facts) {
            continue;
        }
        admitted.push((hit.text_score, hit.matched_terms, demand, demand_feedback, facts));
    }
    let best_text = admitted.iter().map(|(text, ..)| *text).fold(0.0, f32::max);
    let mut ranked = Vec::with_capacity(admitted.len());
    for (text, matched_terms, demand, demand_feedback, facts) in admitted {
        let relative = text_relevance(text, best_text, coverage(&terms, &matched_terms));
        let signal = feedback_signal(m, &demand_feedback, facts);
        let (total, reasons) =
            score(signals(&demand, facts, relative, &matched_terms, &signal, m.today), &m.settings.weights);
        ranked.push(DemandMatch { demand, score: total, reasons, matched_terms });
    }
    ranked.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.demand.id.cmp(&b.demand.id)));
    Ok(ranked)
}

/// One page of the open demands a patent fits, for its university and operators.
pub async fn patent_demands(
    m: Matcher<'_>,
    actor: &Actor,
    patent_id: PatentId,
    page: PageRequest,
) -> Result<Page<DemandMatch>> {
    let patent = patents_by_ids(m.db, &[patent_id]).await?.pop().ok_or(catalog::Error::PatentNotFound)?;
    if actor.kind == OrganizationKind::Enterprise {
        return Err(Error::RoleNotAllowed { action: "look through a university's patent for demands" });
    }
    // Another university's patent is "not found", as in the catalog.
    if !actor.belongs_to(patent.organization_id) && !is_operator(actor) {
        return Err(Error::Catalog(catalog::Error::PatentNotFound));
    }
    let ranked = fitting_demands(m, patent_id).await?;
    let total = ranked.len() as u64;
    let items = ranked.into_iter().skip(page.offset() as usize).take(page.per_page as usize).collect();
    Ok(Page { total, page: page.page, per_page: page.per_page, items })
}
