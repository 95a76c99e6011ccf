//! Ranking quality of the matching engine on any labelled set, next to the plain BM25 baseline
//! from the same index. Input formats are those of [`search::eval`]: a corpus (JSONL: `id`,
//! `title`, optional `abstract` and `keywords`), queries (JSONL: `qid` or `id`, `text`) and TREC
//! qrels (`qid 0 docid grade`, graded relevance).
//!
//! The engine part measured here is what decides text relevance for a demand: TF-IDF key terms
//! of the query text, their weighted BM25 retrieval, and the text feature of the re-rank (BM25
//! relative to the best, blended with key-term coverage). An evaluation corpus carries no platform
//! facts (offers, universities, regions, grades, feedback), so every other re-rank feature is the
//! same for all its documents and leaves this order unchanged.

use std::collections::HashMap;

use search::eval::EvalQuery;
use search::index::SearchIndex;
use search::search::Boosts;

use crate::error::Result;
use crate::model::score::{coverage, text_relevance};
use crate::service::engine::demand_terms;

/// The engine's ranked document ids (top `limit`) for each query.
pub fn engine_runs(
    index: &SearchIndex,
    queries: &[EvalQuery],
    key_terms: usize,
    limit: usize,
    boosts: &Boosts,
) -> Result<HashMap<String, Vec<String>>> {
    let mut runs = HashMap::with_capacity(queries.len());
    for query in queries {
        let terms = demand_terms(index, "", &query.text, key_terms);
        let retrieved = index.key_term_ids(&terms, limit, boosts)?;
        let best = retrieved.iter().map(|(_, score, _)| *score).fold(0.0, f32::max);
        let mut ranked: Vec<(f64, String)> = retrieved
            .into_iter()
            .map(|(id, score, matched)| (text_relevance(score, best, coverage(&terms, &matched)), id))
            .collect();
        // Stable: equal relevance keeps the BM25 order.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        runs.insert(query.id.clone(), ranked.into_iter().map(|(_, id)| id).collect());
    }
    Ok(runs)
}

/// The plain BM25 baseline: the search box's query builder (every word, else any word).
pub fn baseline_runs(
    index: &SearchIndex,
    queries: &[EvalQuery],
    limit: usize,
    boosts: &Boosts,
) -> Result<HashMap<String, Vec<String>>> {
    let mut runs = HashMap::with_capacity(queries.len());
    for query in queries {
        runs.insert(query.id.clone(), index.ranked_ids(&query.text, limit, boosts)?);
    }
    Ok(runs)
}
