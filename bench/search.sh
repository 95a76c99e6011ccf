#!/usr/bin/env bash
# Search benchmark: for each size (default 100,000 and 1,000,000 patents, real records with
# abstracts from ../shared/data replicated with new publication numbers), imports the corpus,
# rebuilds the index from the database and prints indexing throughput, index size and peak RSS;
# then serves it and measures HTTP search latency (p50/p99) and requests/s with wrk at 1 and 8
# concurrent clients over 1,000 queries drawn from real titles, plain and with facets and
# highlights; serving RSS; and change-to-visible latency.
#
# usage: bash bench/search.sh [ROWS ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
duration=${KAIXU_BENCH_SECONDS:-15}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release --quiet --bin kaixu --bin querygen
kaixu="$PWD/target/release/kaixu"
work="$PWD/target/bench/search"
mkdir -p "$work"
export KAIXU_ENV=development KAIXU__LOG__FILTER=warn KAIXU__SERVER__IMPORT_LIMIT_BYTES=4294967296 KAIXU__SERVER__PORT=0

# shellcheck source=bench/common.sh
source bench/common.sh
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# wrk at CONNECTIONS over PATHS: prints "p50 p99 requests/s"
load() {
  local connections=$1 paths=$2 threads=1
  [ "$connections" -gt 1 ] && threads=2
  KAIXU_PATHS="$paths" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/wrk_paths.lua \
    "http://127.0.0.1:$port" >"$work/wrk.out"
  local p50 p99 rps
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  # Every request must succeed: non-2xx answers and dropped connections both fail the run.
  if grep -qE "Non-2xx|Socket errors" "$work/wrk.out"; then grep -E "Non-2xx|Socket errors" "$work/wrk.out"; exit 1; fi
  echo "$p50 $p99 $rps"
}

summary=()
for rows in "${sizes[@]}"; do
  corpus="$PWD/target/bench/corpus-abstracts-$rows.jsonl"
  [ -f "$corpus" ] || python3 bench/make_corpus.py "$rows" "$corpus" --with-abstracts
  data_dir="$work/data-$rows"
  rm -rf "$data_dir"
  export KAIXU__STORAGE__DATA_DIR="$data_dir"

  start_server
  email="bench-$RANDOM$RANDOM@example.cn"
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'content-type: application/json' -d "{
    \"organization\": {\"name\": \"基准大学\", \"kind\": \"university\", \"region_code\": \"110108\", \"industry_codes\": [\"C\"]},
    \"user\": {\"email\": \"$email\", \"password\": \"bench-password-2026\", \"display_name\": \"基准\"}}"
  token=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\": \"$email\", \"password\": \"bench-password-2026\"}" | json '["token"]')
  stop_server
  "$kaixu" import "$corpus" --org 基准大学 | grep "rows, imported"

  # Indexing: database rows to a searchable index.
  /usr/bin/time -v "$kaixu" reindex >"$work/reindex.out" 2>"$work/reindex.time"
  cat "$work/reindex.out"
  index_rate=$(grep -oE "\(([0-9]+) patents/s\)" "$work/reindex.out" | grep -oE "[0-9]+")
  index_rss=$(awk -F: '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/reindex.time")
  index_size=$(du -sm "$data_dir/index" | cut -f1)

  start_server
  for _ in $(seq 1 600); do
    applied=$(curl -fsS "http://127.0.0.1:$port/healthz" | json '["search"]["applied_seq"]')
    [ "$applied" -ge "$rows" ] && break
    sleep 0.1
  done
  "$PWD/target/release/querygen" "$corpus" 1000 config/search/user_dict.txt >"$work/queries.txt"
  python3 - "$work" <<'PY'
import sys, urllib.parse
work = sys.argv[1]
queries = [line.strip() for line in open(f"{work}/queries.txt", encoding="utf-8") if line.strip()]
with open(f"{work}/plain.txt", "w") as plain, open(f"{work}/full.txt", "w") as full:
    for query in queries:
        q = urllib.parse.quote(query)
        plain.write(f"/api/v1/search/patents?q={q}&highlight=false\n")
        full.write(f"/api/v1/search/patents?q={q}&facets=all&highlight=true\n")
PY
  KAIXU_PATHS="$work/full.txt" wrk -t2 -c8 -d5s -s bench/wrk_paths.lua "http://127.0.0.1:$port" >/dev/null  # warm-up
  read -r plain1_p50 plain1_p99 plain1_rps < <(load 1 "$work/plain.txt")
  read -r plain8_p50 plain8_p99 plain8_rps < <(load 8 "$work/plain.txt")
  read -r full1_p50 full1_p99 full1_rps < <(load 1 "$work/full.txt")
  read -r full8_p50 full8_p99 full8_rps < <(load 8 "$work/full.txt")
  serving_rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
  serving_peak=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
  visible=$(python3 bench/change_to_visible.py "$port" "$token" 20)
  stop_server
  if grep -q "panicked" "$work/server.log"; then grep -m3 -A3 "panicked" "$work/server.log"; exit 1; fi

  summary+=("== $rows patents (real records with abstracts, replicated with new publication numbers)
indexing (database rows to searchable, kaixu reindex): $index_rate patents/s, peak RSS $index_rss MB, index $index_size MB
plain queries,      1 client:  p50 $plain1_p50  p99 $plain1_p99  $plain1_rps req/s
plain queries,      8 clients: p50 $plain8_p50  p99 $plain8_p99  $plain8_rps req/s
facets+highlights,  1 client:  p50 $full1_p50  p99 $full1_p99  $full1_rps req/s
facets+highlights,  8 clients: p50 $full8_p50  p99 $full8_p99  $full8_rps req/s
serving RSS $serving_rss MB (peak $serving_peak MB)
$visible")
done
echo
printf '%s\n\n' "${summary[@]}"
