//! The patent change feed: `(seq, patent_id)` rows appended in the same transaction as the
//! write they describe. The search index follows it in `seq` order.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::error::Result;
use crate::model::ids::PatentId;
use crate::store::patent_change;

/// One entry of the change feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatentChange {
    pub seq: i64,
    pub patent_id: PatentId,
}

/// Appends one feed entry per patent; call inside the transaction that made the change.
pub async fn append_changes<C: ConnectionTrait>(conn: &C, patent_ids: &[PatentId]) -> Result<()> {
    let now = Utc::now();
    // Chunked so a large import stays under SQLite's bound-parameter limit.
    for chunk in patent_ids.chunks(1_000) {
        let rows = chunk.iter().map(|id| patent_change::ActiveModel {
            seq: sea_orm::ActiveValue::NotSet,
            patent_id: Set(id.0),
            changed_at: Set(now),
        });
        patent_change::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// Feed entries after `after_seq`, oldest first, at most `limit`.
pub async fn changes_after<C: ConnectionTrait>(conn: &C, after_seq: i64, limit: u64) -> Result<Vec<PatentChange>> {
    let rows = patent_change::Entity::find()
        .filter(patent_change::Column::Seq.gt(after_seq))
        .order_by_asc(patent_change::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|row| PatentChange { seq: row.seq, patent_id: PatentId(row.patent_id) }).collect())
}

/// The newest feed position (0 when the feed is empty).
pub async fn latest_seq<C: ConnectionTrait>(conn: &C) -> Result<i64> {
    let newest = patent_change::Entity::find().order_by_desc(patent_change::Column::Seq).one(conn).await?;
    Ok(newest.map(|row| row.seq).unwrap_or(0))
}

/// Feed entries with `from <= seq < to`, oldest first (re-reading a hole the follower skipped).
pub async fn changes_between<C: ConnectionTrait>(conn: &C, from: i64, to: i64) -> Result<Vec<PatentChange>> {
    let rows = patent_change::Entity::find()
        .filter(patent_change::Column::Seq.gte(from))
        .filter(patent_change::Column::Seq.lt(to))
        .order_by_asc(patent_change::Column::Seq)
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|row| PatentChange { seq: row.seq, patent_id: PatentId(row.patent_id) }).collect())
}
