//! Policy KPIs by period and group. Every figure is a grouped SQL aggregate
//! (`kpi_figures`); this module arranges the groups into rows.
//!
//! - Calendar buckets: stocks at a bucket's end are the stock before the period plus the
//!   changes of the buckets so far.
//! - Region and industry: the per-university figures are rolled up to the university's region
//!   or declared industries (at most one row per university is added here), except SMEs served,
//!   which does not add up and is counted per group in SQL.
//! - Totals: groups that split the scope (universities, IPC classes, buckets) add up to it,
//!   except the distinct counts, which are counted over the whole period; for regions and
//!   declared industries (which overlap) the per-university figures are added up instead.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use catalog::model::actor::Actor;
use catalog::model::ids::OrganizationId;
use catalog::service::organizations::organizations_by_ids;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::kpi_figures::{distinct_totals, flows, merge, smes_by, stock_flows, stocks};
use super::labels::{TOTAL_LABEL, labels, sort_groups};
use crate::model::kpis::{KpiFigures, KpiReport, KpiRow, PolicyTargets};
use crate::model::period::{GroupBy, Period, ReportRequest};
use crate::model::scope::Scope;
use crate::store::facts::Key;
use crate::{Db, Error, Result};

/// The KPI report for `request` as `actor` may see it (operators: all; a university: its own).
pub async fn kpis(
    db: &Db,
    actor: &Actor,
    request: &ReportRequest,
    targets: PolicyTargets,
    today: NaiveDate,
) -> Result<KpiReport> {
    let scope = Scope::of(actor)?;
    let spec = request.validate(today).map_err(Error::Validation)?;
    let period = spec.period;
    let (total, groups) = match spec.group_by {
        None => (queried_total(db, period, scope).await?, Vec::new()),
        Some(group) if group.time_unit().is_some() => {
            let groups = buckets(db, group, period, scope).await?;
            let (published, smes) = distinct_totals(db, period, scope).await?;
            let mut total = added_up(&groups, smes);
            total.open_licensed_published = published;
            if let Some((_, _, last)) = groups.last() {
                total.open_licensed_at_end = last.open_licensed_at_end;
                total.open_licensed_total = last.open_licensed_total;
                total.converted_patents = last.converted_patents;
            }
            (total, groups)
        }
        Some(group @ (GroupBy::Region | GroupBy::Industry)) => {
            let universities = dimensions(db, GroupBy::University, period, scope).await?;
            let groups = rolled_up(db, &universities, group, period, scope).await?;
            // Universities split the scope (declared industries overlap, regions need not be known).
            let (_, smes) = distinct_totals(db, period, scope).await?;
            (added_up(&universities, smes), groups)
        }
        Some(group) => {
            let groups = dimensions(db, group, period, scope).await?;
            let (_, smes) = distinct_totals(db, period, scope).await?;
            (added_up(&groups, smes), groups)
        }
    };
    let keys: Vec<String> = groups.iter().map(|(key, ..)| key.clone()).collect();
    let labels = match spec.group_by {
        Some(group) => labels(db, group, &keys).await?,
        None => HashMap::new(),
    };
    let mut rows: Vec<KpiRow> = groups
        .into_iter()
        .map(|(key, period, figures)| {
            let label = labels.get(&key).cloned().unwrap_or_else(|| key.clone());
            row(Some(key), label, period, figures, &targets)
        })
        .collect();
    if let Some(group) = spec.group_by.filter(|group| group.time_unit().is_none()) {
        sort_groups(group, &mut rows, |row| (&row.label, &row.key));
    }
    Ok(KpiReport {
        period,
        group_by: spec.group_by.map(GroupBy::code),
        policy_targets: targets,
        total: row(None, TOTAL_LABEL.to_string(), period, total, &targets),
        groups: rows,
    })
}

/// A group's key, the days it covers and its figures.
type Group = (String, Period, KpiFigures);

fn row(key: Option<String>, label: String, period: Period, figures: KpiFigures, targets: &PolicyTargets) -> KpiRow {
    let figures = figures.with_ratios();
    let targets = figures.checks(targets);
    KpiRow { key, label, period, figures, targets }
}

/// The total of groups that split the scope, with its SMEs counted once each.
fn added_up(groups: &[Group], smes_served: i64) -> KpiFigures {
    let mut total = KpiFigures::default();
    for (_, _, figures) in groups {
        total.add(figures);
    }
    total.smes_served = smes_served;
    total
}

async fn queried_total<C: ConnectionTrait>(conn: &C, period: Period, scope: Scope) -> Result<KpiFigures> {
    let flows = flows(conn, Key::Total, period, scope).await?;
    let stocks = stocks(conn, Key::Total, period.to, scope).await?;
    Ok(merge(flows.get("").cloned().unwrap_or_default(), stocks.get("")))
}

/// One group per university or IPC section or class, straight from SQL.
async fn dimensions<C: ConnectionTrait>(conn: &C, group: GroupBy, period: Period, scope: Scope) -> Result<Vec<Group>> {
    let mut flows = flows(conn, Key::By(group), period, scope).await?;
    let stocks = stocks(conn, Key::By(group), period.to, scope).await?;
    let keys: BTreeSet<String> = flows.keys().chain(stocks.keys()).cloned().collect();
    Ok(keys
        .into_iter()
        .map(|key| {
            let figures = merge(flows.remove(&key).unwrap_or_default(), stocks.get(&key));
            (key, period, figures)
        })
        .collect())
}

/// Per-university figures added up by the university's region or declared industries.
async fn rolled_up<C: ConnectionTrait>(
    conn: &C,
    universities: &[Group],
    group: GroupBy,
    period: Period,
    scope: Scope,
) -> Result<Vec<Group>> {
    let ids: Vec<OrganizationId> = universities.iter().filter_map(|(key, ..)| key.parse().ok()).collect();
    let organizations: HashMap<String, catalog::model::organization::Organization> = organizations_by_ids(conn, &ids)
        .await?
        .into_iter()
        .map(|organization| (organization.id.to_string(), organization))
        .collect();
    let mut groups: BTreeMap<String, KpiFigures> = BTreeMap::new();
    for (university, _, figures) in universities {
        let Some(organization) = organizations.get(university) else { continue };
        let keys: Vec<String> = match group {
            GroupBy::Region => vec![organization.region_code.as_str().to_string()],
            _ => organization.industry_codes.iter().map(|code| code.as_str().to_string()).collect(),
        };
        for key in keys {
            groups.entry(key).or_default().add(figures);
        }
    }
    let smes = smes_by(conn, group, period, scope).await?;
    Ok(groups
        .into_iter()
        .map(|(key, mut figures)| {
            figures.smes_served = smes.get(&key).copied().unwrap_or(0);
            (key, period, figures)
        })
        .collect())
}

/// One group per calendar bucket, in order; stocks accumulate from the stock before the period.
async fn buckets<C: ConnectionTrait>(conn: &C, group: GroupBy, period: Period, scope: Scope) -> Result<Vec<Group>> {
    let Some(unit) = group.time_unit() else { return Ok(Vec::new()) };
    let mut flows = flows(conn, Key::By(group), period, scope).await?;
    let before = period.from.pred_opt().unwrap_or(period.from);
    let mut stock = stocks(conn, Key::Total, before, scope).await?.remove("").unwrap_or_default();
    let changes = stock_flows(conn, group, period, scope).await?;
    let mut groups = Vec::new();
    for bucket in period.buckets(unit) {
        if let Some(change) = changes.get(&bucket.key) {
            stock.open_licensed_at_end += change.open_licensed_at_end;
            stock.open_licensed_total += change.open_licensed_total;
            stock.converted_patents += change.converted_patents;
        }
        let figures = merge(flows.remove(&bucket.key).unwrap_or_default(), Some(&stock));
        groups.push((bucket.key, bucket.period, figures));
    }
    Ok(groups)
}
