//! `cargo run --release -p search --bin eval -- CORPUS.jsonl QUERIES.jsonl QRELS.tsv [DICTIONARY]`
//!
//! Indexes the corpus in a temporary directory with the production schema and tokenizer, runs
//! the queries and prints nDCG@10, Recall@50 and MRR. The input formats are documented in
//! `search::eval`.

use std::process::ExitCode;
use std::sync::Arc;

use search::eval::{index_corpus, parse_corpus, parse_qrels, parse_queries, run};
use search::index::SearchIndex;
use search::search::Boosts;
use search::tokenizer::segmenter;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, queries, qrels, rest @ ..] = args.as_slice() else {
        eprintln!("usage: eval CORPUS.jsonl QUERIES.jsonl QRELS.tsv [USER_DICTIONARY]");
        return ExitCode::FAILURE;
    };
    match evaluate(corpus, queries, qrels, rest.first()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("eval: {error}");
            ExitCode::FAILURE
        }
    }
}

fn evaluate(
    corpus: &str,
    queries: &str,
    qrels: &str,
    dictionary: Option<&String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let dictionary = dictionary.map(std::fs::read_to_string).transpose()?;
    let jieba = Arc::new(segmenter(dictionary.as_deref())?);
    let directory = tempfile_dir()?;
    let index = SearchIndex::open(&directory, jieba)?;
    let docs = parse_corpus(&std::fs::read_to_string(corpus)?)?;
    index_corpus(&index, &docs)?;
    let queries = parse_queries(&std::fs::read_to_string(queries)?)?;
    let qrels = parse_qrels(&std::fs::read_to_string(qrels)?)?;
    let started = std::time::Instant::now();
    let metrics = run(&index, &queries, &qrels, &Boosts::default())?;
    let elapsed = started.elapsed();
    println!(
        "engine (BM25 over jieba words, field boosts): {} queries  nDCG@10 {:.4}  Recall@50 {:.4}  MRR {:.4}  ({:.2} ms/query)",
        metrics.queries,
        metrics.ndcg_at_10,
        metrics.recall_at_50,
        metrics.mrr,
        elapsed.as_secs_f64() * 1000.0 / queries.len().max(1) as f64
    );
    std::fs::remove_dir_all(&directory).ok();
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let directory = std::env::temp_dir().join(format!("kaixu-eval-{}", std::process::id()));
    std::fs::create_dir_all(&directory)?;
    Ok(directory)
}
