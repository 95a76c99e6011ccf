//! Patent facts for matching, read from their owners: catalog (patent, university) and
//! licensing (the offer and its cost over the demand's budget years).

use std::collections::HashMap;

use catalog::Db;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::organization::Organization;
use catalog::service::organizations::organizations_by_ids;
use catalog::service::patents::patents_by_ids;
use chrono::NaiveDate;
use licensing::service::costs::offer_costs;

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
        let offer = costs.remove(&patent.id).map(|cost| OfferFacts {
            offer_id: cost.offer_id.0,
            in_force: cost.in_force,
            fee_model: cost.fee_model,
            fee_model_label: cost.fee_model_label.to_string(),
            free_months: cost.free_months,
            trial_months: cost.trial_months,
            royalty_bp: cost.royalty_bp,
            fixed_cost_fen: cost.fixed_cost_fen,
        });
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
