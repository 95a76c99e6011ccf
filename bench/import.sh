#!/usr/bin/env bash
# Bulk-import throughput: builds a corpus of N real patents (../shared/data replicated with new
# publication numbers), then imports it into a fresh university on SQLite and on PostgreSQL,
# through the CLI (`kaixu import`) and over HTTP (`POST /api/v1/patents/import`), and prints rows/s.
#
# usage: bash bench/import.sh [ROWS]   (default 100000; PostgreSQL at 127.0.0.1:5432, user postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
pg_url=${KAIXU_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
work=target/bench
mkdir -p "$work"
corpus="$work/corpus-$rows.jsonl"
[ -f "$corpus" ] || python3 bench/make_corpus.py "$rows" "$corpus"
cargo build --release --quiet --bin kaixu
kaixu="$PWD/target/release/kaixu"
export KAIXU_ENV=development KAIXU__SERVER__IMPORT_LIMIT_BYTES=1073741824 KAIXU__LOG__FILTER=warn

# shellcheck source=bench/common.sh
source bench/common.sh

register_university() {
  local name=$1 email=$2
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'content-type: application/json' -d "{
    \"organization\": {\"name\": \"$name\", \"kind\": \"university\", \"region_code\": \"110108\"},
    \"user\": {\"email\": \"$email\", \"password\": \"bench-password-2026\", \"display_name\": \"基准\"}}"
}

login_token() {
  curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"bench-password-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

rate() { python3 -c "print(f'{$1 / $2:,.0f}')"; }

# A fresh database (SQLite file or PostgreSQL database) for each measurement.
fresh_database() {
  local backend=$1
  data_dir=$(mktemp -d)
  export KAIXU__STORAGE__DATA_DIR="$data_dir" KAIXU__SERVER__PORT=0
  if [ "$backend" = postgres ]; then
    database="kaixu_bench_$(date +%s%N)"
    psql "$pg_url/postgres" -qc "CREATE DATABASE $database"
    export KAIXU__DATABASE__URL="$pg_url/$database"
  else
    unset KAIXU__DATABASE__URL
  fi
}

drop_database() {
  if [ -n "${KAIXU__DATABASE__URL:-}" ]; then psql "$pg_url/postgres" -qc "DROP DATABASE $database"; fi
  rm -rf "$data_dir"
}

seconds_since() { python3 -c "import time; print(time.time() - $1)"; }

results=()
for backend in sqlite postgres; do
  # CLI: a first import (all new), then the same file again (all unchanged).
  fresh_database "$backend"
  start_server
  email="bench-$RANDOM$RANDOM@example.cn"
  register_university "基准大学" "$email"
  stop_server
  start=$(date +%s.%N); "$kaixu" import "$corpus" --org 基准大学 >"$work/import-$backend.log"; first=$(seconds_since "$start")
  start=$(date +%s.%N); "$kaixu" import "$corpus" --org 基准大学 >"$work/reimport-$backend.log"; again=$(seconds_since "$start")
  grep -h "rows, imported" "$work/import-$backend.log" "$work/reimport-$backend.log"
  drop_database

  # HTTP: the same file through POST /api/v1/patents/import on a fresh database.
  fresh_database "$backend"
  start_server
  email="bench-$RANDOM$RANDOM@example.cn"
  register_university "基准大学" "$email"
  token=$(login_token "$email")
  start=$(date +%s.%N)
  curl -fsS -o "$work/http-$backend.json" -X POST "http://127.0.0.1:$port/api/v1/patents/import" \
    -H "authorization: Bearer $token" -H 'content-type: application/x-ndjson' --data-binary @"$corpus"
  http=$(seconds_since "$start")
  stop_server
  python3 -c "import json; r = json.load(open('$work/http-$backend.json')); print('http:', r['rows'], 'rows, imported', r['imported'], 'rejected', len(r['rejected']))"
  drop_database

  results+=("$(printf '%-9s %7s rows   cli import %8s rows/s   cli re-import %8s rows/s   http import %8s rows/s' \
    "$backend" "$rows" "$(rate "$rows" "$first")" "$(rate "$rows" "$again")" "$(rate "$rows" "$http")")")
done

echo
echo "bulk import, $rows real patents replicated with new publication numbers (wall clock, incl. process start):"
printf '%s\n' "${results[@]}"
