//! Patent facts for matching, read from their owners: catalog (patent, university) and
//! licensing (the offer and its cost over the demand's budget years). Ranking many candidates
//! starts from their search summaries instead, which carry the catalog facts already.

use std::collections::HashMap;

use catalog::Db;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::Organization;
use catalog::service::organizations::organizations_by_ids;
use catalog::service::patents::patents_by_ids;
use chrono::NaiveDate;
use licensing::service::costs::{KnownPatent, OfferCost, offer_costs, published_costs};
use search::document::PatentSummary;

use crate::error::Result;
use crate::model::facts::{OfferFacts, PatentFacts};

/// The facts of `ids` (missing patents are absent), offer costs counted over `years`.
pub async fn patent_facts(
    db: &Db,
    ids: &[PatentId],
    today: NaiveDate,
    years: u32,
) -> Result<HashMap<PatentId, PatentFacts>> {
    let patents = patents_by_ids(db, ids).await?;
    let mut organization_ids: Vec<OrganizationId> = patents.iter().map(|patent| patent.organization_id).collect();
    organization_ids.sort();
    organization_ids.dedup();
    let organizations: HashMap<OrganizationId, Organization> = organizations_by_ids(db, &organization_ids)
        .await?
        .into_iter()
        .map(|organization| (organization.id, organization))
        .collect();
    let mut costs = offer_costs(db, ids, today, years).await?;
    let mut facts = HashMap::with_capacity(patents.len());
    for patent in patents {
        let Some(organization) = organizations.get(&patent.organization_id) else { continue };
        let offer = costs.remove(&patent.id).map(offer_facts);
        facts.insert(
            patent.id,
            PatentFacts {
                id: patent.id,
                publication_number: patent.publication_number.to_string(),
                title: patent.title.clone(),
                ipc_codes: patent.ipc_codes.iter().map(|code| code.as_str().to_string()).collect(),
                organization_id: organization.id,
                organization_name: organization.name.clone(),
                region_code: organization.region_code.as_str().to_string(),
                region_name: organization.region_name.clone(),
                industry_codes: organization.industry_codes.iter().map(|code| code.as_str().to_string()).collect(),
                grade: patent.grade.map(|grade| grade.code().to_string()),
                expiry_date: patent.expiry_date,
                offer,
            },
        );
    }
    Ok(facts)
}

fn offer_facts(cost: OfferCost) -> OfferFacts {
    OfferFacts {
        offer_id: cost.offer_id.0,
        in_force: cost.in_force,
        fee_model: cost.fee_model,
        fee_model_label: cost.fee_model_label.to_string(),
        free_months: cost.free_months,
        trial_months: cost.trial_months,
        royalty_bp: cost.royalty_bp,
        fixed_cost_fen: cost.fixed_cost_fen,
    }
}

/// The facts of candidates from their search summaries: the universities' industries and the
/// published offers' costs are read from the database (the offer rows decide which offer is
/// published; whether it is in force is as the index last computed it).
pub async fn facts_from_summaries(
    db: &Db,
    summaries: Vec<PatentSummary>,
    today: NaiveDate,
    years: u32,
) -> Result<Vec<PatentFacts>> {
    // Summaries carry the industries; only those indexed before they did need a lookup.
    let mut organization_ids: Vec<OrganizationId> = summaries
        .iter()
        .filter(|summary| summary.industry_codes.is_none())
        .map(|summary| summary.organization_id)
        .collect();
    organization_ids.sort();
    organization_ids.dedup();
    let industries: HashMap<OrganizationId, Vec<String>> = organizations_by_ids(db, &organization_ids)
        .await?
        .into_iter()
        .map(|organization| {
            (organization.id, organization.industry_codes.iter().map(|code| code.as_str().to_string()).collect())
        })
        .collect();
    let offered: Vec<KnownPatent> = summaries
        .iter()
        .filter_map(|summary| {
            let offer = summary.offer.as_ref()?;
            Some(KnownPatent { id: summary.id, expiry_date: summary.expiry_date, in_force: offer.in_force })
        })
        .collect();
    let mut costs = published_costs(db, &offered, today, years).await?;
    Ok(summaries
        .into_iter()
        .map(|summary| PatentFacts {
            id: summary.id,
            industry_codes: summary
                .industry_codes
                .or_else(|| industries.get(&summary.organization_id).cloned())
                .unwrap_or_default(),
            offer: costs.remove(&summary.id).map(offer_facts),
            publication_number: summary.publication_number,
            title: summary.title,
            ipc_codes: summary.ipc_codes,
            organization_id: summary.organization_id,
            organization_name: summary.organization_name,
            region_code: summary.region_code,
            region_name: summary.region_name,
            grade: summary.grade,
            expiry_date: summary.expiry_date,
        })
        .collect())
}
