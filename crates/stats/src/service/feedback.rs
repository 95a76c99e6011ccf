//! The matching-feedback summary (operators): how many demands got feedback, how much of it
//! found the match relevant, and the cooperation intents.

use catalog::model::actor::Actor;
use chrono::NaiveDate;

use crate::model::follow_ups::FeedbackSummary;
use crate::model::kpis::ratio_bp;
use crate::model::period::{Period, ReportRequest};
use crate::model::scope::Scope;
use crate::store::sql::{instants, rows, sum};
use crate::{Db, Error, Result};

/// Demands posted and feedback given within the period (by their UTC timestamps).
pub async fn feedback_summary(
    db: &Db,
    actor: &Actor,
    request: &ReportRequest,
    today: NaiveDate,
) -> Result<(Period, FeedbackSummary)> {
    Scope::operator(actor, "read the matching-feedback summary (operators only)")?;
    let spec = request.validate(today).map_err(Error::Validation)?;
    let (start, end) = instants(spec.period);
    let mut summary = FeedbackSummary::default();

    let demands_sql = "SELECT COUNT(*), \
                              (SELECT COUNT(DISTINCT mf.demand_id) FROM match_feedback mf \
                               JOIN demands fd ON fd.id = mf.demand_id WHERE fd.created_at >= ? AND fd.created_at < ?) \
                       FROM demands d WHERE d.created_at >= ? AND d.created_at < ?";
    let bounds = vec![start.clone(), end.clone(), start.clone(), end.clone()];
    if let Some(row) = rows(db, demands_sql, bounds).await?.first() {
        summary.demands = row.try_get_by_index(0)?;
        summary.demands_with_feedback = row.try_get_by_index(1)?;
    }
    let feedback_sql = format!(
        "SELECT mf.cooperation_intent, COUNT(*), {} FROM match_feedback mf \
         WHERE mf.created_at >= ? AND mf.created_at < ? GROUP BY mf.cooperation_intent",
        sum("CASE WHEN mf.relevant THEN 1 ELSE 0 END")
    );
    for row in rows(db, &feedback_sql, vec![start, end]).await? {
        let intent: String = row.try_get_by_index(0)?;
        let count: i64 = row.try_get_by_index(1)?;
        let relevant: i64 = row.try_get_by_index(2)?;
        summary.feedback += count;
        summary.relevant += relevant;
        summary.cooperation_intents.insert(intent, count);
    }
    summary.feedback_rate_bp = ratio_bp(summary.demands_with_feedback, summary.demands);
    summary.relevant_share_bp = ratio_bp(summary.relevant, summary.feedback);
    Ok((spec.period, summary))
}
