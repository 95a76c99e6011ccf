//! Pushing matches: a new demand to the universities of its best-fitting patents, a newly
//! published offer to the enterprises whose open demands it fits. Each at most once per
//! organization and event (the notification key).

use std::collections::BTreeMap;

use catalog::model::ids::{OrganizationId, PatentId};
use sea_orm::TransactionTrait;

use super::Matcher;
use super::engine::PatentMatch;
use super::notifications::{NewNotification, notify};
use super::reverse::fitting_demands;
use crate::error::Result;
use crate::model::demand::Demand;
use crate::model::notification::NotificationKind;

/// One notification per university among the best `push_limit` matches scoring at least the
/// threshold, naming its fitting patents.
pub(crate) fn demand_notifications(m: Matcher<'_>, demand: &Demand, ranked: &[PatentMatch]) -> Vec<NewNotification> {
    let mut by_university: BTreeMap<OrganizationId, Vec<&PatentMatch>> = BTreeMap::new();
    for matched in ranked.iter().take(m.settings.push_limit) {
        if matched.score >= m.settings.push_threshold {
            by_university.entry(matched.patent.organization_id).or_default().push(matched);
        }
    }
    by_university
        .into_iter()
        .map(|(organization_id, matches)| {
            let titles: Vec<String> = matches.iter().map(|matched| format!("“{}”", matched.patent.title)).collect();
            NewNotification {
                organization_id,
                kind: NotificationKind::DemandMatchesPatents,
                dedupe_key: format!("demand:{}", demand.id),
                title: format!("新的企业需求与贵单位专利匹配：{}", demand.title),
                body: format!(
                    "{} 发布的需求“{}”与贵单位的 {} 件专利匹配：{}。",
                    demand.organization_name,
                    demand.title,
                    matches.len(),
                    titles.join("、")
                ),
                demand_id: Some(demand.id),
                patent_id: matches.first().map(|matched| matched.patent.id),
                score: matches.first().map(|matched| matched.score),
            }
        })
        .collect()
}

/// Notifies the enterprises whose open demands the patent's offer fits at or above the
/// threshold; returns how many notifications were new.
pub async fn offer_published(m: Matcher<'_>, patent_id: PatentId) -> Result<usize> {
    let fitting = fitting_demands(m, patent_id).await?;
    let txn = m.db.begin().await?;
    let mut written = 0;
    for matched in fitting.iter().filter(|matched| matched.score >= m.settings.push_threshold) {
        let demand = &matched.demand;
        let new = NewNotification {
            organization_id: demand.organization_id,
            kind: NotificationKind::OfferMatchesDemand,
            dedupe_key: format!("offer:{}:{}", patent_id, demand.id),
            title: format!("新的开放许可专利与您的需求匹配：{}", demand.title),
            body: format!(
                "一件刚发布开放许可的专利与需求“{}”匹配（得分 {}.{:02}）。命中关键词：{}。",
                demand.title,
                matched.score / 100,
                matched.score % 100,
                matched.matched_terms.join("、")
            ),
            demand_id: Some(demand.id),
            patent_id: Some(patent_id),
            score: Some(matched.score),
        };
        if notify(&txn, new).await? {
            written += 1;
        }
    }
    txn.commit().await?;
    Ok(written)
}
