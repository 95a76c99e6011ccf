//! The grouped queries behind the KPIs: stocks on a day, their change per calendar bucket, and
//! the flows within a period.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::labels::shift_year;
use crate::Result;
use crate::model::kpis::KpiFigures;
use crate::model::period::{GroupBy, Period};
use crate::model::scope::Scope;
use crate::store::facts::{
    Days, Fact, Grouped, Key, LICENSES_ACCEPTED, OBLIGATIONS_DUE, OFFERS_CLOSED, OFFERS_PUBLISHED,
    PATENTS_FIRST_OFFERED, PATENTS_LICENSED, PAYMENTS_MADE, grouped,
};
use crate::store::sql::sum;

/// The stock figures copied into the flow figures of the same group.
pub(crate) fn merge(mut figures: KpiFigures, stock: Option<&KpiFigures>) -> KpiFigures {
    if let Some(stock) = stock {
        figures.open_licensed_at_end = stock.open_licensed_at_end;
        figures.open_licensed_total = stock.open_licensed_total;
        figures.converted_patents = stock.converted_patents;
    }
    figures
}

/// Stocks on `day` per key: offers in force, patents ever open-licensed, patents licensed.
pub(crate) async fn stocks<C: ConnectionTrait>(
    conn: &C,
    key: Key,
    day: NaiveDate,
    scope: Scope,
) -> Result<HashMap<String, KpiFigures>> {
    let until = Days { lower: None, upper: day };
    let mut out: HashMap<String, KpiFigures> = HashMap::new();
    // Offers published by `day`, less those closed by then, in one pass over the published ones
    // (`day` is a validated date, so it is written into the SQL as a literal).
    let closed = sum(&format!("CASE WHEN f.closed_on <= '{day}' THEN 1 ELSE 0 END"));
    for item in grouped(conn, &OFFERS_PUBLISHED, key, &["COUNT(*)", &closed], None, until, scope).await? {
        out.entry(item.key).or_default().open_licensed_at_end += item.values[0] - item.values[1];
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
pub(crate) async fn stock_flows<C: ConnectionTrait>(
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

pub(crate) async fn count<C: ConnectionTrait>(
    conn: &C,
    fact: &Fact,
    key: Key,
    days: Days,
    scope: Scope,
) -> Result<Vec<Grouped>> {
    grouped(conn, fact, key, &["COUNT(*)"], None, days, scope).await
}

/// Flows within the period per key: publications, licenses (by state and fee model), SMEs
/// served, amounts due and paid, and the licenses of the same days a year earlier.
pub(crate) async fn flows<C: ConnectionTrait>(
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
    // One pass counts each (state, fee model) pair; the two breakdowns are its margins.
    let pair = Some("l.state || ':' || l.fee_model");
    for item in grouped(conn, &LICENSES_ACCEPTED, key, &["COUNT(*)"], pair, within, scope).await? {
        let split = item.split.unwrap_or_default();
        let (state, model) = split.split_once(':').unwrap_or((split.as_str(), ""));
        let figures = out.entry(item.key).or_default();
        *figures.licenses_by_state.entry(state.to_string()).or_default() += item.values[0];
        *figures.licenses_by_fee_model.entry(model.to_string()).or_default() += item.values[0];
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

/// Distinct counts over the whole period, which do not add up across groups: patents with an
/// offer published (a patent may be published in several buckets) and SMEs served (an SME may
/// license from several universities).
pub(crate) async fn distinct_totals<C: ConnectionTrait>(conn: &C, period: Period, scope: Scope) -> Result<(i64, i64)> {
    let within = Days { lower: Some(period.from), upper: period.to };
    let published = grouped(conn, &OFFERS_PUBLISHED, Key::Total, &["COUNT(DISTINCT f.patent_id)"], None, within, scope);
    let published = published.await?.first().map(|item| item.values[0]).unwrap_or(0);
    let smes = ["COUNT(DISTINCT l.licensee_organization_id)"];
    let smes = grouped(conn, &LICENSES_ACCEPTED, Key::Total, &smes, None, within, scope).await?;
    Ok((published, smes.first().map(|item| item.values[0]).unwrap_or(0)))
}

/// SMEs served per group of `group`.
pub(crate) async fn smes_by<C: ConnectionTrait>(
    conn: &C,
    group: GroupBy,
    period: Period,
    scope: Scope,
) -> Result<HashMap<String, i64>> {
    let within = Days { lower: Some(period.from), upper: period.to };
    let smes = ["COUNT(DISTINCT l.licensee_organization_id)"];
    let rows = grouped(conn, &LICENSES_ACCEPTED, Key::By(group), &smes, None, within, scope).await?;
    Ok(rows.into_iter().map(|item| (item.key, item.values[0])).collect())
}
