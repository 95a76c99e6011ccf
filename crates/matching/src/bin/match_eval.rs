//! `cargo run --release -p matching --bin match_eval -- CORPUS.jsonl QUERIES.jsonl QRELS.tsv [USER_DICTIONARY]`
//!
//! Indexes the corpus in a temporary directory with the production schema and tokenizer, runs
//! every query through the plain BM25 baseline and through the matching engine, and prints
//! nDCG@10, Recall@50 and MRR for both. Input formats: `matching::eval`.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use matching::eval::{baseline_runs, engine_runs};
use matching::model::settings::MatchingSettings;
use search::eval::{Metrics, evaluate, index_corpus, parse_corpus, parse_qrels, parse_queries};
use search::index::SearchIndex;
use search::search::Boosts;
use search::tokenizer::segmenter;

/// Ranked documents kept per query (Recall@50 and MRR need at least 50).
const RUN_DEPTH: usize = 100;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, queries, qrels, rest @ ..] = args.as_slice() else {
        eprintln!("usage: match_eval CORPUS.jsonl QUERIES.jsonl QRELS.tsv [USER_DICTIONARY]");
        return ExitCode::FAILURE;
    };
    match run(corpus, queries, qrels, rest.first()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("match_eval: {error}");
            ExitCode::FAILURE
        }
    }
}

fn print(name: &str, metrics: Metrics, seconds: f64) {
    println!(
        "{name:<58} {:>5} queries  nDCG@10 {:.4}  Recall@50 {:.4}  MRR {:.4}  ({:.2} ms/query)",
        metrics.queries,
        metrics.ndcg_at_10,
        metrics.recall_at_50,
        metrics.mrr,
        seconds * 1000.0 / metrics.queries.max(1) as f64
    );
}

fn run(
    corpus: &str,
    queries: &str,
    qrels: &str,
    dictionary: Option<&String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let dictionary = dictionary.map(std::fs::read_to_string).transpose()?;
    let jieba = Arc::new(segmenter(dictionary.as_deref())?);
    let directory = std::env::temp_dir().join(format!("kaixu-match-eval-{}", std::process::id()));
    let index = SearchIndex::open(&directory, jieba)?;
    index_corpus(&index, &parse_corpus(&std::fs::read_to_string(corpus)?)?)?;
    let queries = parse_queries(&std::fs::read_to_string(queries)?)?;
    let qrels = parse_qrels(&std::fs::read_to_string(qrels)?)?;
    let boosts = Boosts::default();
    let settings = MatchingSettings::default();
    println!("corpus {corpus}: {} documents", index.document_count());

    let started = Instant::now();
    let baseline = baseline_runs(&index, &queries, RUN_DEPTH, &boosts)?;
    print("BM25 baseline (search query builder)", evaluate(&baseline, &qrels), started.elapsed().as_secs_f64());
    let started = Instant::now();
    let engine = engine_runs(&index, &queries, settings.key_terms, RUN_DEPTH, &boosts)?;
    print(
        &format!("matching engine (TF-IDF top {} key terms, weighted BM25)", settings.key_terms),
        evaluate(&engine, &qrels),
        started.elapsed().as_secs_f64(),
    );
    std::fs::remove_dir_all(&directory).ok();
    Ok(())
}
