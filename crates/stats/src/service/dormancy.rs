//! Dormant state-funded patents per university, with the clock's cut-off dates. One covering
//! index (`ix_patents_dormancy`) answers both the summary and the page.

use std::collections::HashMap;

use catalog::model::actor::Actor;
use catalog::model::ids::{OrganizationId, PatentId};
use catalog::model::page::{Page, PageRequest};
use catalog::model::patent::LegalStatus;
use catalog::service::organizations::organizations_by_ids;
use chrono::{Months, NaiveDate};
use sea_orm::Value;
use uuid::Uuid;

use crate::model::dormancy::{DormancyByUniversity, DormancyClock, DormancyReport, DormancyStage, DormantPatent};
use crate::model::scope::Scope;
use crate::store::sql::rows;
use crate::{Db, Result};

/// Which dormant patents to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct DormancyFilter {
    pub stage: Option<DormancyStage>,
    pub organization_id: Option<OrganizationId>,
}

/// The dormancy summary and one page of dormant patents, longest dormant first.
pub async fn dormant(
    db: &Db,
    actor: &Actor,
    filter: DormancyFilter,
    page: PageRequest,
    today: NaiveDate,
) -> Result<DormancyReport> {
    let scope = Scope::of(actor)?;
    let clock = DormancyClock::at(today);
    // A university always sees its own; an operator may narrow to one university.
    let organization = scope.organization().or(filter.organization_id);
    let (condition, values) = dormant_condition(&clock, organization);

    let summary_sql = format!(
        "SELECT p.organization_id, \
                SUM(CASE WHEN p.grant_date < ? THEN 1 ELSE 0 END), \
                COUNT(*), \
                SUM(CASE WHEN p.open_offer THEN 1 ELSE 0 END) \
         FROM patents p WHERE {condition} GROUP BY p.organization_id"
    );
    let mut summary_values = vec![Value::from(clock.licensing_cutoff)];
    summary_values.extend(values.clone());
    let mut counts: Vec<(OrganizationId, i64, i64, i64)> = Vec::new();
    for row in rows(db, &summary_sql, summary_values).await? {
        let id: Uuid = row.try_get_by_index(0)?;
        let licensable: Option<i64> = row.try_get_by_index(1)?;
        let all: i64 = row.try_get_by_index(2)?;
        let open: Option<i64> = row.try_get_by_index(3)?;
        let licensable = licensable.unwrap_or(0);
        counts.push((OrganizationId(id), all - licensable, licensable, open.unwrap_or(0)));
    }
    let ids: Vec<OrganizationId> = counts.iter().map(|(id, ..)| *id).collect();
    let names: HashMap<OrganizationId, String> = organizations_by_ids(db, &ids)
        .await?
        .into_iter()
        .map(|organization| (organization.id, organization.name))
        .collect();
    let mut by_university: Vec<DormancyByUniversity> = counts
        .into_iter()
        .map(|(id, to_list, licensable_to_others, open_licensed)| DormancyByUniversity {
            organization_id: id,
            organization_name: names.get(&id).cloned().unwrap_or_default(),
            to_list,
            licensable_to_others,
            open_licensed,
        })
        .collect();
    by_university.sort_by(|a, b| {
        (b.to_list + b.licensable_to_others)
            .cmp(&(a.to_list + a.licensable_to_others))
            .then_with(|| a.organization_name.cmp(&b.organization_name))
    });
    let to_list: i64 = by_university.iter().map(|row| row.to_list).sum();
    let licensable_to_others: i64 = by_university.iter().map(|row| row.licensable_to_others).sum();

    let (stage_condition, stage_values, total) = match filter.stage {
        None => (String::new(), Vec::new(), to_list + licensable_to_others),
        Some(DormancyStage::ToList) => {
            (" AND p.grant_date >= ?".to_string(), vec![Value::from(clock.licensing_cutoff)], to_list)
        }
        Some(DormancyStage::LicensableToOthers) => {
            (" AND p.grant_date < ?".to_string(), vec![Value::from(clock.licensing_cutoff)], licensable_to_others)
        }
    };
    let page_sql = format!(
        "SELECT p.id, p.publication_number, p.title, p.organization_id, p.grant_date, p.open_offer \
         FROM patents p WHERE {condition}{stage_condition} ORDER BY p.grant_date, p.id LIMIT ? OFFSET ?"
    );
    let mut page_values = values;
    page_values.extend(stage_values);
    page_values.push((page.per_page as i64).into());
    page_values.push((page.offset() as i64).into());
    let mut items = Vec::new();
    for row in rows(db, &page_sql, page_values).await? {
        let organization_id = OrganizationId(row.try_get_by_index(3)?);
        let grant_date: NaiveDate = row.try_get_by_index(4)?;
        items.push(DormantPatent {
            patent_id: PatentId(row.try_get_by_index(0)?),
            publication_number: row.try_get_by_index(1)?,
            title: row.try_get_by_index(2)?,
            organization_name: names.get(&organization_id).cloned().unwrap_or_default(),
            organization_id,
            listing_due_on: years_after(grant_date, 3),
            licensable_from: years_after(grant_date, 5),
            stage: clock.stage(grant_date),
            grant_date,
            open_offer: row.try_get_by_index(5)?,
        });
    }
    Ok(DormancyReport {
        clock,
        to_list,
        licensable_to_others,
        by_university,
        patents: Page { total: total as u64, page: page.page, per_page: page.per_page, items },
    })
}

/// State-funded, in force, granted before the listing cut-off, never licensed, no recorded
/// implementation; the column order follows `ix_patents_dormancy`.
fn dormant_condition(clock: &DormancyClock, organization: Option<OrganizationId>) -> (String, Vec<Value>) {
    let mut condition = "p.state_funded = ? AND p.licensed_since IS NULL AND p.last_implemented_on IS NULL \
                         AND p.legal_status = ? AND p.grant_date < ?"
        .to_string();
    let mut values: Vec<Value> = vec![true.into(), LegalStatus::Valid.code().into(), Value::from(clock.listing_cutoff)];
    if let Some(organization) = organization {
        condition.push_str(" AND p.organization_id = ?");
        values.push(organization.0.into());
    }
    (condition, values)
}

fn years_after(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_add_months(Months::new(12 * years)).unwrap_or(day)
}
