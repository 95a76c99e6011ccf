//! Portable SQL: statements written with `?` placeholders, and the few expressions whose
//! spelling differs between SQLite and PostgreSQL.

use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};

use crate::Result;
use chrono::{DateTime, Days, NaiveTime, Utc};

use crate::model::period::{Period, TimeUnit};

/// Runs `sql` (with `?` placeholders) and returns its rows.
pub(crate) async fn rows<C: ConnectionTrait>(conn: &C, sql: &str, values: Vec<Value>) -> Result<Vec<QueryResult>> {
    let backend = conn.get_database_backend();
    let statement = Statement::from_sql_and_values(backend, numbered(backend, sql), values);
    Ok(conn.query_all_raw(statement).await?)
}

/// Runs a statement (with `?` placeholders) that returns no rows.
pub(crate) async fn execute<C: ConnectionTrait>(conn: &C, sql: &str, values: Vec<Value>) -> Result<()> {
    let backend = conn.get_database_backend();
    conn.execute_raw(Statement::from_sql_and_values(backend, numbered(backend, sql), values)).await?;
    Ok(())
}

/// PostgreSQL numbers its placeholders (`$1`); SQLite takes `?`. The SQL here holds no `?`
/// inside string literals.
fn numbered(backend: DbBackend, sql: &str) -> String {
    if backend != DbBackend::Postgres {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 0;
    for character in sql.chars() {
        if character == '?' {
            next += 1;
            out.push_str(&format!("${next}"));
        } else {
            out.push(character);
        }
    }
    out
}

/// The bucket key of the date column `column`, as `TimeUnit::key` spells it.
pub(crate) fn bucket(backend: DbBackend, unit: TimeUnit, column: &str) -> String {
    match (backend, unit) {
        (DbBackend::Postgres, TimeUnit::Month) => format!("to_char({column}, 'YYYY-MM')"),
        (DbBackend::Postgres, TimeUnit::Quarter) => format!("to_char({column}, 'YYYY-\"Q\"Q')"),
        (DbBackend::Postgres, TimeUnit::Year) => format!("to_char({column}, 'YYYY')"),
        // SQLite stores dates as `YYYY-MM-DD` text.
        (_, TimeUnit::Month) => format!("substr({column}, 1, 7)"),
        (_, TimeUnit::Quarter) => {
            format!("(substr({column}, 1, 4) || '-Q' || ((CAST(substr({column}, 6, 2) AS INTEGER) + 2) / 3))")
        }
        (_, TimeUnit::Year) => format!("substr({column}, 1, 4)"),
    }
}

/// A join that yields one row per industry code the organization `org` declared, as `ind.value`.
pub(crate) fn industry_join(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "CROSS JOIN LATERAL jsonb_array_elements_text(CAST(org.industry_codes AS jsonb)) AS ind(value)"
        }
        _ => "JOIN json_each(org.industry_codes) AS ind",
    }
}

/// The period as a half-open range of instants for timestamp columns: `from` 00:00 UTC to
/// 00:00 UTC the day after `to`.
pub(crate) fn instants(period: Period) -> (Value, Value) {
    let start: DateTime<Utc> = period.from.and_time(NaiveTime::MIN).and_utc();
    let after = period.to.checked_add_days(Days::new(1)).unwrap_or(period.to);
    let end: DateTime<Utc> = after.and_time(NaiveTime::MIN).and_utc();
    (start.into(), end.into())
}

/// A sum that reads back as a 64-bit integer on both databases (PostgreSQL sums `bigint` to `numeric`).
pub(crate) fn sum(expression: &str) -> String {
    format!("CAST(COALESCE(SUM({expression}), 0) AS BIGINT)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_placeholders_are_numbered() {
        assert_eq!(numbered(DbBackend::Postgres, "a = ? AND b <= ?"), "a = $1 AND b <= $2");
        assert_eq!(numbered(DbBackend::Sqlite, "a = ?"), "a = ?");
    }
}
