//! Grouped counts and sums over the platform's fact tables: the one query shape every report
//! is built from — `SELECT key, [split,] measures FROM fact WHERE day in range GROUP BY key`.

use catalog::model::ids::OrganizationId;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, QueryResult, Value};
use uuid::Uuid;

use super::sql::{bucket, industry_join, rows};
use crate::Result;
use crate::model::period::GroupBy;
use crate::model::scope::Scope;

/// A table of dated facts and how to reach its dimensions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fact {
    /// The FROM clause, with its alias.
    pub base: &'static str,
    /// The day each fact is counted on.
    pub day: &'static str,
    /// The patentee university and the IPC class (`H01`), both columns of `base`: the rows
    /// carry them so that no report query joins.
    pub organization: &'static str,
    pub ipc_class: &'static str,
    /// Extra condition, or empty.
    pub filter: &'static str,
}

pub(crate) const OFFERS_PUBLISHED: Fact = Fact {
    base: "offers f",
    day: "f.published_on",
    organization: "f.organization_id",
    ipc_class: "f.ipc_class",
    filter: "",
};
pub(crate) const OFFERS_CLOSED: Fact = Fact { day: "f.closed_on", ..OFFERS_PUBLISHED };
/// Each patent once, on the day its first offer was published.
pub(crate) const PATENTS_FIRST_OFFERED: Fact = Fact {
    base: "patents p",
    day: "p.open_licensed_since",
    organization: "p.organization_id",
    ipc_class: "substr(p.main_ipc, 1, 3)",
    ..OFFERS_PUBLISHED
};
/// Each patent once, on the day of its first license.
pub(crate) const PATENTS_LICENSED: Fact = Fact { day: "p.licensed_since", ..PATENTS_FIRST_OFFERED };
pub(crate) const LICENSES_ACCEPTED: Fact = Fact {
    base: "licenses l",
    day: "l.effective_on",
    organization: "l.licensor_organization_id",
    ipc_class: "l.ipc_class",
    filter: "",
};
pub(crate) const LICENSES_ACTIVATED: Fact = Fact { day: "l.activated_on", ..LICENSES_ACCEPTED };
pub(crate) const TRIALS_CONFIRMED: Fact = Fact { filter: "l.trial_ends_on IS NOT NULL", ..LICENSES_ACTIVATED };
/// Licenses, obligations and payments carry the licensor and the IPC class: no joins.
pub(crate) const OBLIGATIONS_DUE: Fact = Fact {
    base: "obligations o",
    day: "o.due_on",
    organization: "o.licensor_organization_id",
    ipc_class: "o.ipc_class",
    filter: "",
};
pub(crate) const PAYMENTS_MADE: Fact = Fact {
    base: "payments y",
    day: "y.paid_on",
    organization: "y.licensor_organization_id",
    ipc_class: "y.ipc_class",
    ..OBLIGATIONS_DUE
};
/// Each license once, on the day of its first payment.
pub(crate) const FIRST_PAYMENTS: Fact = Fact { day: "l.first_paid_on", ..LICENSES_ACCEPTED };
/// Page views per day and university (summed with `SUM(a.views)`); not by IPC class.
pub(crate) const PATENT_VIEWS: Fact = Fact {
    base: "activity_daily a",
    day: "a.day",
    organization: "a.organization_id",
    ipc_class: "NULL",
    filter: "a.kind = 'patent_view'",
};
pub(crate) const OFFER_VIEWS: Fact = Fact { filter: "a.kind = 'offer_view'", ..PATENT_VIEWS };

/// What rows are grouped by: nothing (one total row) or a report dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Total,
    By(GroupBy),
}

/// Days `lower..=upper`; no lower bound counts everything up to `upper`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Days {
    pub lower: Option<NaiveDate>,
    pub upper: NaiveDate,
}

/// One result row: the group key (`""` for the total or a missing value), the optional split
/// value, and the measures in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grouped {
    pub key: String,
    pub split: Option<String>,
    pub values: Vec<i64>,
}

/// Runs one grouped aggregate of `fact`: `measures` are SQL aggregates, `split` an optional
/// second grouping column (a license's state, say).
pub(crate) async fn grouped<C: ConnectionTrait>(
    conn: &C,
    fact: &Fact,
    key: Key,
    measures: &[&str],
    split: Option<&str>,
    days: Days,
    scope: Scope,
) -> Result<Vec<Grouped>> {
    let backend = conn.get_database_backend();
    // Only regions and declared industries reach past the fact table, to its university.
    let mut join = String::new();
    let key_expression = match key {
        Key::Total => None,
        Key::By(group) => Some(match group {
            GroupBy::University => fact.organization.to_string(),
            GroupBy::Region => {
                join = format!("JOIN organizations org ON org.id = {}", fact.organization);
                "org.region_code".to_string()
            }
            GroupBy::Industry => {
                join = format!("JOIN organizations org ON org.id = {} {}", fact.organization, industry_join(backend));
                "ind.value".to_string()
            }
            GroupBy::IpcSection => format!("substr({}, 1, 1)", fact.ipc_class),
            GroupBy::IpcClass => fact.ipc_class.to_string(),
            GroupBy::Month | GroupBy::Quarter | GroupBy::Year => {
                let unit = group.time_unit().unwrap_or(crate::model::period::TimeUnit::Year);
                bucket(backend, unit, fact.day)
            }
        }),
    };

    let mut select: Vec<String> = Vec::new();
    let mut group: Vec<String> = Vec::new();
    if let Some(expression) = &key_expression {
        select.push(format!("{expression} AS group_key"));
        group.push(expression.clone());
    }
    if let Some(split) = split {
        select.push(format!("{split} AS split_key"));
        group.push(split.to_string());
    }
    select.extend(measures.iter().map(|measure| measure.to_string()));

    let mut conditions = vec![format!("{} IS NOT NULL", fact.day), format!("{} <= ?", fact.day)];
    let mut values: Vec<Value> = vec![days.upper.into()];
    if let Some(lower) = days.lower {
        conditions.push(format!("{} >= ?", fact.day));
        values.push(lower.into());
    }
    if !fact.filter.is_empty() {
        conditions.push(fact.filter.to_string());
    }
    if let Some(organization) = scope.organization() {
        // SQLite would pick the organization's index and read every row of a large university;
        // a unary `+` keeps it on the day's covering index, which holds the organization too.
        let plus = if backend == sea_orm::DbBackend::Sqlite { "+" } else { "" };
        conditions.push(format!("{plus}{} = ?", fact.organization));
        values.push(organization.0.into());
    }
    let mut sql =
        format!("SELECT {} FROM {} {} WHERE {}", select.join(", "), fact.base, join, conditions.join(" AND "));
    if !group.is_empty() {
        sql.push_str(&format!(" GROUP BY {}", group.join(", ")));
    }

    let mut out = Vec::new();
    for row in rows(conn, &sql, values).await? {
        let mut column = 0;
        let key = match key {
            Key::Total => String::new(),
            Key::By(group) => {
                column += 1;
                group_key(&row, group)?
            }
        };
        let split = match split {
            None => None,
            Some(_) => {
                column += 1;
                Some(row.try_get_by_index::<Option<String>>(column - 1)?.unwrap_or_default())
            }
        };
        let mut measured = Vec::with_capacity(measures.len());
        for index in 0..measures.len() {
            measured.push(row.try_get_by_index::<Option<i64>>(column + index)?.unwrap_or(0));
        }
        out.push(Grouped { key, split, values: measured });
    }
    Ok(out)
}

fn group_key(row: &QueryResult, group: GroupBy) -> Result<String> {
    if group == GroupBy::University {
        let id: Option<Uuid> = row.try_get_by_index(0)?;
        return Ok(id.map(|id| OrganizationId(id).to_string()).unwrap_or_default());
    }
    Ok(row.try_get_by_index::<Option<String>>(0)?.unwrap_or_default())
}
