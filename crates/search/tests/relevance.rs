//! Relevance regression on the CSL known-item set (Apache-2.0, see fixtures/csl-ir/NOTICE.md):
//! title queries and keyword queries must each reach nDCG@10 ≥ 0.95.

use std::sync::Arc;

use search::eval::{Metrics, index_corpus, parse_corpus, parse_qrels, parse_queries, run};
use search::index::SearchIndex;
use search::search::Boosts;
use search::tokenizer::segmenter;

const DICTIONARY: &str = include_str!("../../../config/search/user_dict.txt");
const CORPUS: &str = include_str!("fixtures/csl-ir/corpus.jsonl");
const QRELS: &str = include_str!("fixtures/csl-ir/qrels.tsv");

fn evaluate(queries: &str) -> Metrics {
    let directory = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(directory.path(), Arc::new(segmenter(Some(DICTIONARY)).unwrap())).unwrap();
    index_corpus(&index, &parse_corpus(CORPUS).unwrap()).unwrap();
    assert_eq!(index.document_count(), 2000);
    let metrics =
        run(&index, &parse_queries(queries).unwrap(), &parse_qrels(QRELS).unwrap(), &Boosts::default()).unwrap();
    eprintln!("{metrics:?}");
    metrics
}

#[test]
fn title_queries_find_their_paper_with_ndcg_at_10_of_at_least_0_95() {
    let metrics = evaluate(include_str!("fixtures/csl-ir/queries_title.jsonl"));
    assert_eq!(metrics.queries, 2000);
    assert!(metrics.ndcg_at_10 >= 0.95, "{metrics:?}");
}

#[test]
fn keyword_queries_find_their_paper_with_ndcg_at_10_of_at_least_0_95() {
    let metrics = evaluate(include_str!("fixtures/csl-ir/queries_keywords.jsonl"));
    assert_eq!(metrics.queries, 2000);
    assert!(metrics.ndcg_at_10 >= 0.95, "{metrics:?}");
}
