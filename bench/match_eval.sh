#!/usr/bin/env bash
# Ranking quality of the matching engine next to the plain BM25 baseline, on the CSL known-item
# set (title and keyword queries) and on KPPatent-ZH (gold keyphrases as queries for their own
# patent). Prints nDCG@10, Recall@50 and MRR for each. Any other labelled set in the same format
# (see crates/matching/src/eval.rs) runs with:
#   cargo run --release -p matching --bin match_eval -- CORPUS.jsonl QUERIES.jsonl QRELS.tsv config/search/user_dict.txt
#
# usage: bash bench/match_eval.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p matching --bin match_eval
eval_bin="$PWD/target/release/match_eval"
dictionary=config/search/user_dict.txt
csl=../shared/data/csl-ir
kp="$PWD/target/bench/kppatent"
python3 bench/kppatent_set.py "$kp"

echo "== CSL known-item, title queries"
"$eval_bin" "$csl/corpus.jsonl" "$csl/queries_title.jsonl" "$csl/qrels.tsv" "$dictionary"
echo "== CSL known-item, keyword queries"
"$eval_bin" "$csl/corpus.jsonl" "$csl/queries_keywords.jsonl" "$csl/qrels.tsv" "$dictionary"
echo "== KPPatent-ZH, gold keyphrases as queries for their own patent"
"$eval_bin" "$kp/corpus.jsonl" "$kp/queries.jsonl" "$kp/qrels.tsv" "$dictionary"
