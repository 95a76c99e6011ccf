//! The acceptance funnel per period and group: page views (activity events) through accepted,
//! confirmed and active licenses to the first payment.

use std::collections::{BTreeSet, HashMap};

use catalog::model::actor::Actor;
use catalog::model::field_error::FieldError;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::labels::{TOTAL_LABEL, labels, sort_groups};
use crate::model::funnel::{FunnelFigures, FunnelReport, FunnelRow};
use crate::model::period::{GroupBy, Period, ReportRequest};
use crate::model::scope::Scope;
use crate::store::facts::{
    Days, FIRST_PAYMENTS, Fact, Key, LICENSES_ACCEPTED, LICENSES_ACTIVATED, OFFER_VIEWS, PATENT_VIEWS,
    TRIALS_CONFIRMED, grouped,
};
use crate::{Db, Error, Result};

type Setter = fn(&mut FunnelFigures, i64);

const VIEWS: &str = "CAST(COALESCE(SUM(a.views), 0) AS BIGINT)";

/// Each funnel step: the facts it counts, how, and the figure it fills.
const STEPS: [(&Fact, &str, Setter); 6] = [
    (&PATENT_VIEWS, VIEWS, |figures, n| figures.patent_views = n),
    (&OFFER_VIEWS, VIEWS, |figures, n| figures.offer_views = n),
    (&LICENSES_ACCEPTED, "COUNT(*)", |figures, n| figures.accepts = n),
    (&TRIALS_CONFIRMED, "COUNT(*)", |figures, n| figures.trials_confirmed = n),
    (&LICENSES_ACTIVATED, "COUNT(*)", |figures, n| figures.licenses_active = n),
    (&FIRST_PAYMENTS, "COUNT(*)", |figures, n| figures.first_payments = n),
];

/// The funnel for `request` as `actor` may see it (operators: all; a university: its own).
pub async fn funnel(db: &Db, actor: &Actor, request: &ReportRequest, today: NaiveDate) -> Result<FunnelReport> {
    let scope = Scope::of(actor)?;
    let spec = request.validate(today).map_err(Error::Validation)?;
    if matches!(spec.group_by, Some(GroupBy::IpcSection | GroupBy::IpcClass)) {
        // Page views are kept per day and university, not per patent class.
        let message = "漏斗按 university、region、industry、month、quarter 或 year 分组";
        return Err(Error::Validation(vec![FieldError::new("group_by", "unsupported_group_by", message)]));
    }
    let period = spec.period;
    let total = counts(db, Key::Total, period, scope).await?.remove("").unwrap_or_default();
    let total = FunnelRow { key: None, label: TOTAL_LABEL.to_string(), period, figures: total };
    let groups = match spec.group_by {
        None => Vec::new(),
        Some(group) => group_rows(db, group, period, scope).await?,
    };
    Ok(FunnelReport { period, group_by: spec.group_by.map(GroupBy::code), total, groups })
}

async fn group_rows<C: ConnectionTrait>(
    conn: &C,
    group: GroupBy,
    period: Period,
    scope: Scope,
) -> Result<Vec<FunnelRow>> {
    let mut counts = counts(conn, Key::By(group), period, scope).await?;
    // Calendar groups list every bucket, empty ones included; other groups those with activity.
    let keyed: Vec<(String, Period)> = match group.time_unit() {
        Some(unit) => period.buckets(unit).into_iter().map(|bucket| (bucket.key, bucket.period)).collect(),
        None => counts.keys().cloned().collect::<BTreeSet<_>>().into_iter().map(|key| (key, period)).collect(),
    };
    let keys: Vec<String> = keyed.iter().map(|(key, _)| key.clone()).collect();
    let labels = labels(conn, group, &keys).await?;
    let mut rows: Vec<FunnelRow> = keyed
        .into_iter()
        .map(|(key, period)| FunnelRow {
            label: labels.get(&key).cloned().unwrap_or_else(|| key.clone()),
            figures: counts.remove(&key).unwrap_or_default(),
            key: Some(key),
            period,
        })
        .collect();
    if group.time_unit().is_none() {
        sort_groups(group, &mut rows, |row| (&row.label, &row.key));
    }
    Ok(rows)
}

async fn counts<C: ConnectionTrait>(
    conn: &C,
    key: Key,
    period: Period,
    scope: Scope,
) -> Result<HashMap<String, FunnelFigures>> {
    let within = Days { lower: Some(period.from), upper: period.to };
    let mut out: HashMap<String, FunnelFigures> = HashMap::new();
    for (fact, measure, set) in STEPS {
        for item in grouped(conn, fact, key, &[measure], None, within, scope).await? {
            set(out.entry(item.key).or_default(), item.values[0]);
        }
    }
    Ok(out)
}
