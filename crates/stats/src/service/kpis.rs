//! Policy KPIs by period and group. Every figure is a grouped SQL aggregate; stocks at the end
//! of a calendar bucket are the stock before the period plus the flows of the buckets so far.

use std::collections::{BTreeSet, HashMap};

use catalog::model::actor::Actor;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::labels::{TOTAL_LABEL, labels, shift_year, sort_groups};
use crate::model::kpis::{KpiFigures, KpiReport, KpiRow, PolicyTargets};
use crate::model::period::{GroupBy, Period, ReportRequest};
use crate::model::scope::Scope;
use crate::store::facts::{
    Days, Fact, Grouped, Key, LICENSES_ACCEPTED, OBLIGATIONS_DUE, OFFERS_CLOSED, OFFERS_PUBLISHED,
    PATENTS_FIRST_OFFERED, PATENTS_LICENSED, PAYMENTS_MADE, grouped,
};
use crate::store::sql::sum;
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
    let total_figures = flows(db, Key::Total, period, scope).await?;
    let stocks = stocks(db, Key::Total, period.to, scope).await?;
    let figures = merge(total_figures.get("").cloned().unwrap_or_default(), stocks.get(""));
    let total = row(None, TOTAL_LABEL.to_string(), period, figures, &targets);

    let groups = match spec.group_by {
        None => Vec::new(),
        Some(group) if group.time_unit().is_some() => bucket_rows(db, group, period, scope, &targets).await?,
        Some(group) => dimension_rows(db, group, period, scope, &targets).await?,
    };
    Ok(KpiReport { period, group_by: spec.group_by.map(GroupBy::code), policy_targets: targets, total, groups })
}

fn row(key: Option<String>, label: String, period: Period, figures: KpiFigures, targets: &PolicyTargets) -> KpiRow {
    let figures = figures.with_ratios();
    let targets = figures.checks(targets);
    KpiRow { key, label, period, figures, targets }
}

/// One row per university, region, IPC section or class, or declared industry.
async fn dimension_rows<C: ConnectionTrait>(
    conn: &C,
    group: GroupBy,
    period: Period,
    scope: Scope,
    targets: &PolicyTargets,
) -> Result<Vec<KpiRow>> {
    let mut flows = flows(conn, Key::By(group), period, scope).await?;
    let stocks = stocks(conn, Key::By(group), period.to, scope).await?;
    let keys: Vec<String> = flows.keys().chain(stocks.keys()).cloned().collect::<BTreeSet<_>>().into_iter().collect();
    let labels = labels(conn, group, &keys).await?;
    let mut rows: Vec<KpiRow> = keys
        .into_iter()
        .map(|key| {
            let figures = merge(flows.remove(&key).unwrap_or_default(), stocks.get(&key));
            let label = labels.get(&key).cloned().unwrap_or_else(|| key.clone());
            row(Some(key), label, period, figures, targets)
        })
        .collect();
    sort_groups(group, &mut rows, |row| (&row.label, &row.key));
    Ok(rows)
}

/// One row per calendar bucket, in order; stocks accumulate from the stock before the period.
async fn bucket_rows<C: ConnectionTrait>(
    conn: &C,
    group: GroupBy,
    period: Period,
    scope: Scope,
    targets: &PolicyTargets,
) -> Result<Vec<KpiRow>> {
    let Some(unit) = group.time_unit() else { return Ok(Vec::new()) };
    let mut flows = flows(conn, Key::By(group), period, scope).await?;
    let before = period.from.pred_opt().unwrap_or(period.from);
    let mut stock = stocks(conn, Key::Total, before, scope).await?.remove("").unwrap_or_default();
    let stock_flows = stock_flows(conn, group, period, scope).await?;
    let buckets = period.buckets(unit);
    let keys: Vec<String> = buckets.iter().map(|bucket| bucket.key.clone()).collect();
    let labels = labels(conn, group, &keys).await?;
    let mut rows = Vec::with_capacity(buckets.len());
    for bucket in buckets {
        if let Some(change) = stock_flows.get(&bucket.key) {
            stock.open_licensed_at_end += change.open_licensed_at_end;
            stock.open_licensed_total += change.open_licensed_total;
            stock.converted_patents += change.converted_patents;
        }
        let figures = merge(flows.remove(&bucket.key).unwrap_or_default(), Some(&stock));
        let label = labels.get(&bucket.key).cloned().unwrap_or_else(|| bucket.key.clone());
        rows.push(row(Some(bucket.key), label, bucket.period, figures, targets));
    }
    Ok(rows)
}

/// The stock figures copied into the flow figures of the same group.
fn merge(mut figures: KpiFigures, stock: Option<&KpiFigures>) -> KpiFigures {
    if let Some(stock) = stock {
        figures.open_licensed_at_end = stock.open_licensed_at_end;
        figures.open_licensed_total = stock.open_licensed_total;
        figures.converted_patents = stock.converted_patents;
    }
    figures
}

/// Stocks on `day` per key: offers in force, patents ever open-licensed, patents licensed.
async fn stocks<C: ConnectionTrait>(
    conn: &C,
    key: Key,
    day: NaiveDate,
    scope: Scope,
) -> Result<HashMap<String, KpiFigures>> {
    let until = Days { lower: None, upper: day };
    let mut out: HashMap<String, KpiFigures> = HashMap::new();
    for (fact, sign) in [(&OFFERS_PUBLISHED, 1), (&OFFERS_CLOSED, -1)] {
        for item in count(conn, fact, key, until, scope).await? {
            out.entry(item.key).or_default().open_licensed_at_end += sign * item.values[0];
        }
    }
    for item in count(conn, &PATENTS_FIRST_OFFERED, key, until, scope).await? {
        out.entry(item.key).or_default().open_licensed_total += item.values[0];
    }
    for item in count(conn, &PATENTS_LICENSED, key, until, scope).await? {
        out.entry(item.key).or_default().converted_patents += item.values[0];
    }
    Ok(out)
}

/// The change of each stock within each calendar bucket of the period.
async fn stock_flows<C: ConnectionTrait>(
    conn: &C,
    group: GroupBy,
    period: Period,
    scope: Scope,
) -> Result<HashMap<String, KpiFigures>> {
    let within = Days { lower: Some(period.from), upper: period.to };
    let key = Key::By(group);
    let mut out: HashMap<String, KpiFigures> = HashMap::new();
    for (fact, sign) in [(&OFFERS_PUBLISHED, 1), (&OFFERS_CLOSED, -1)] {
        for item in count(conn, fact, key, within, scope).await? {
            out.entry(item.key).or_default().open_licensed_at_end += sign * item.values[0];
        }
    }
    for item in count(conn, &PATENTS_FIRST_OFFERED, key, within, scope).await? {
        out.entry(item.key).or_default().open_licensed_total += item.values[0];
    }
    for item in count(conn, &PATENTS_LICENSED, key, within, scope).await? {
        out.entry(item.key).or_default().converted_patents += item.values[0];
    }
    Ok(out)
}

async fn count<C: ConnectionTrait>(conn: &C, fact: &Fact, key: Key, days: Days, scope: Scope) -> Result<Vec<Grouped>> {
    grouped(conn, fact, key, &["COUNT(*)"], None, days, scope).await
}

/// Flows within the period per key: publications, licenses (by state and fee model), SMEs
/// served, amounts due and paid, and the licenses of the same days a year earlier.
async fn flows<C: ConnectionTrait>(
    conn: &C,
    key: Key,
    period: Period,
    scope: Scope,
) -> Result<HashMap<String, KpiFigures>> {
    let within = Days { lower: Some(period.from), upper: period.to };
    let mut out: HashMap<String, KpiFigures> = HashMap::new();
    let published = ["COUNT(DISTINCT f.patent_id)"];
    for item in grouped(conn, &OFFERS_PUBLISHED, key, &published, None, within, scope).await? {
        out.entry(item.key).or_default().open_licensed_published = item.values[0];
    }
    let licenses = ["COUNT(*)", "COUNT(DISTINCT l.licensee_organization_id)"];
    for item in grouped(conn, &LICENSES_ACCEPTED, key, &licenses, None, within, scope).await? {
        let figures = out.entry(item.key).or_default();
        figures.licenses = item.values[0];
        figures.smes_served = item.values[1];
    }
    for item in grouped(conn, &LICENSES_ACCEPTED, key, &["COUNT(*)"], Some("l.state"), within, scope).await? {
        let state = item.split.unwrap_or_default();
        out.entry(item.key).or_default().licenses_by_state.insert(state, item.values[0]);
    }
    for item in grouped(conn, &LICENSES_ACCEPTED, key, &["COUNT(*)"], Some("l.fee_model"), within, scope).await? {
        let model = item.split.unwrap_or_default();
        out.entry(item.key).or_default().licenses_by_fee_model.insert(model, item.values[0]);
    }
    for item in grouped(conn, &OBLIGATIONS_DUE, key, &[&sum("o.amount_fen")], None, within, scope).await? {
        out.entry(item.key).or_default().contracted_fen = item.values[0];
    }
    for item in grouped(conn, &PAYMENTS_MADE, key, &[&sum("y.amount_fen")], None, within, scope).await? {
        out.entry(item.key).or_default().paid_fen = item.values[0];
    }
    let before = period.year_before();
    let previous = Days { lower: Some(before.from), upper: before.to };
    let is_time = matches!(key, Key::By(group) if group.time_unit().is_some());
    for item in count(conn, &LICENSES_ACCEPTED, key, previous, scope).await? {
        // A bucket's previous-year count belongs to the bucket one year later.
        let owner = if is_time { shift_year(&item.key, 1) } else { item.key };
        out.entry(owner).or_default().licenses_previous_year = item.values[0];
    }
    Ok(out)
}
