//! The relevance evaluation harness: any labelled set given as a corpus (JSONL: `id`, `title`,
//! `abstract`, optional `keywords`), queries (JSONL: `qid` or `id`, `text`) and TREC qrels
//! (`qid 0 docid grade`, graded relevance). It indexes the corpus with the production schema and
//! tokenizers, runs every query through the production query builder, and reports nDCG@10,
//! Recall@50 and MRR.

use std::collections::HashMap;

use serde::Deserialize;
use tantivy::TantivyDocument;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;

use crate::error::{Error, Result};
use crate::index::SearchIndex;
use crate::query;
use crate::search::Boosts;

/// One document of an evaluation corpus.
#[derive(Debug, Clone, Deserialize)]
pub struct CorpusDoc {
    pub id: String,
    pub title: String,
    #[serde(default, rename = "abstract")]
    pub abstract_text: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// One query.
#[derive(Debug, Clone)]
pub struct EvalQuery {
    pub id: String,
    pub text: String,
}

/// Relevance judgements: query id → document id → grade (0 = not relevant).
#[derive(Debug, Clone, Default)]
pub struct Qrels(pub HashMap<String, HashMap<String, u32>>);

/// The figures of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub queries: usize,
    pub ndcg_at_10: f64,
    pub recall_at_50: f64,
    pub mrr: f64,
}

fn bad_input(what: &str, line: usize, message: impl std::fmt::Display) -> Error {
    Error::Index(format!("{what} line {line}: {message}"))
}

/// Parses a corpus JSONL.
pub fn parse_corpus(text: &str) -> Result<Vec<CorpusDoc>> {
    let mut docs = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        docs.push(serde_json::from_str(line).map_err(|error| bad_input("corpus", number + 1, error))?);
    }
    Ok(docs)
}

/// Parses a queries JSONL; the id is `qid` or `id`.
pub fn parse_queries(text: &str) -> Result<Vec<EvalQuery>> {
    #[derive(Deserialize)]
    struct Raw {
        qid: Option<String>,
        id: Option<String>,
        text: String,
    }
    let mut queries = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let raw: Raw = serde_json::from_str(line).map_err(|error| bad_input("queries", number + 1, error))?;
        let id = raw.qid.or(raw.id).ok_or_else(|| bad_input("queries", number + 1, "missing qid"))?;
        queries.push(EvalQuery { id, text: raw.text });
    }
    Ok(queries)
}

/// Parses TREC qrels: `qid iteration docid grade`, whitespace-separated.
pub fn parse_qrels(text: &str) -> Result<Qrels> {
    let mut qrels = Qrels::default();
    for (number, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [qid, _, docid, grade] = parts.as_slice() else {
            return Err(bad_input("qrels", number + 1, "expected `qid 0 docid grade`"));
        };
        let grade: u32 = grade.parse().map_err(|error| bad_input("qrels", number + 1, error))?;
        qrels.0.entry(qid.to_string()).or_default().insert(docid.to_string(), grade);
    }
    Ok(qrels)
}

/// Indexes an evaluation corpus into `index` with the production text fields.
pub fn index_corpus(index: &SearchIndex, docs: &[CorpusDoc]) -> Result<()> {
    let fields = index.fields();
    let mut documents = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut document = TantivyDocument::default();
        document.add_text(fields.id, &doc.id);
        document.add_text(fields.title, &doc.title);
        document.add_text(fields.title_chars, &doc.title);
        if let Some(text) = &doc.abstract_text {
            document.add_text(fields.abstract_text, text);
            document.add_text(fields.abstract_chars, text);
        }
        for keyword in &doc.keywords {
            document.add_text(fields.keywords, keyword);
        }
        documents.push(document);
    }
    index.add_raw(documents)
}

/// Evaluation queries are plain text: quotes and `name:` prefixes are literal there, not syntax.
fn as_plain_text(text: &str) -> String {
    text.chars().map(|character| if matches!(character, '"' | '“' | '”' | ':') { ' ' } else { character }).collect()
}

impl SearchIndex {
    /// The stored ids of the top `limit` documents for `text`, ranked as searches rank (every
    /// word first, any word when that finds nothing).
    pub fn ranked_ids(&self, text: &str, limit: usize, boosts: &Boosts) -> Result<Vec<String>> {
        let clauses = query::parse(&as_plain_text(text).chars().take(query::MAX_QUERY_CHARS).collect::<String>())
            .or_else(|_| query::parse(""))?;
        let clauses: Vec<_> = clauses.into_iter().take(query::MAX_CLAUSES).collect();
        let searcher = self.reader.searcher();
        let Some(mut query) = self.ranking_query(&searcher, &clauses, boosts, true) else {
            return Ok(Vec::new());
        };
        if query.count(&searcher)? == 0
            && let Some(any_word) = self.ranking_query(&searcher, &clauses, boosts, false)
        {
            query = any_word;
        }
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = document.get_first(self.fields.id).and_then(|value| value.as_str()) {
                ids.push(id.to_string());
            }
        }
        Ok(ids)
    }
}

/// nDCG@10, Recall@50 and MRR (first relevant result within the run) over the judged queries.
pub fn evaluate(runs: &HashMap<String, Vec<String>>, qrels: &Qrels) -> Metrics {
    let mut totals = (0.0, 0.0, 0.0);
    let mut queries = 0;
    for (qid, judgements) in &qrels.0 {
        let relevant: usize = judgements.values().filter(|grade| **grade > 0).count();
        if relevant == 0 {
            continue;
        }
        queries += 1;
        let ranked = runs.get(qid).map(Vec::as_slice).unwrap_or_default();
        let gain = |grade: u32| f64::from(2u32.pow(grade.min(10)) - 1);
        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .map(|(rank, doc)| gain(judgements.get(doc).copied().unwrap_or(0)) / ((rank + 2) as f64).log2())
            .sum();
        let mut ideal: Vec<u32> = judgements.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 =
            ideal.iter().take(10).enumerate().map(|(rank, grade)| gain(*grade) / ((rank + 2) as f64).log2()).sum();
        let found = ranked.iter().take(50).filter(|doc| judgements.get(*doc).is_some_and(|grade| *grade > 0)).count();
        let first = ranked.iter().position(|doc| judgements.get(doc).is_some_and(|grade| *grade > 0));
        totals.0 += if idcg > 0.0 { dcg / idcg } else { 0.0 };
        totals.1 += found as f64 / relevant as f64;
        totals.2 += first.map(|rank| 1.0 / (rank + 1) as f64).unwrap_or(0.0);
    }
    let count = queries.max(1) as f64;
    Metrics { queries, ndcg_at_10: totals.0 / count, recall_at_50: totals.1 / count, mrr: totals.2 / count }
}

/// Runs every query (top 100) and evaluates the run.
pub fn run(index: &SearchIndex, queries: &[EvalQuery], qrels: &Qrels, boosts: &Boosts) -> Result<Metrics> {
    let mut runs = HashMap::with_capacity(queries.len());
    for query in queries {
        runs.insert(query.id.clone(), index.ranked_ids(&query.text, 100, boosts)?);
    }
    Ok(evaluate(&runs, qrels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_follow_their_definitions() {
        let qrels = parse_qrels("q1 0 d1 1\nq2 0 d9 2\nq2 0 d8 1\nq3 0 d5 1\n").unwrap();
        let runs: HashMap<String, Vec<String>> = [
            ("q1".to_string(), vec!["d1".to_string(), "d2".to_string()]),
            ("q2".to_string(), vec!["d8".to_string(), "d9".to_string()]),
            ("q3".to_string(), vec!["d7".to_string()]),
        ]
        .into_iter()
        .collect();
        let metrics = evaluate(&runs, &qrels);
        assert_eq!(metrics.queries, 3);
        // q1: 1.0; q2: dcg = 1/1 + 3/log2(3), idcg = 3/1 + 1/log2(3); q3: 0
        let q2 = (1.0 + 3.0 / 3f64.log2()) / (3.0 + 1.0 / 3f64.log2());
        assert!((metrics.ndcg_at_10 - (1.0 + q2) / 3.0).abs() < 1e-12);
        assert!((metrics.recall_at_50 - 2.0 / 3.0).abs() < 1e-12);
        assert!((metrics.mrr - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn malformed_inputs_name_their_line() {
        assert!(parse_qrels("q1 0 d1\n").unwrap_err().to_string().contains("qrels line 1"));
        assert!(parse_queries("{\"text\": \"x\"}\n").unwrap_err().to_string().contains("missing qid"));
    }
}
