#!/usr/bin/env bash
# Operator statistics benchmark: a SQLite database seeded directly with SQL by bench/seed_stats.py
# (1,000,000 patents, ~65,000 offer versions, 100,000 licenses with ~230,000 obligations and their
# payments, 1,000,000 activity events, ~390,000 audit entries, ...), then wrk at 1 and 4 connections
# on each /api/v1/stats route listed in default_routes below: latency p50/p99 and requests/s. The
# routes are read with the operator's token, the KPIs also with the university's (its own figures).
#
# The accounts are created the ordinary way before the bulk load (the operator with
# `kaixu operator create`, the university over HTTP), so their password hashes are real; the seeded
# users share the same hash. The seeded patents are not in the search index (no patent_changes rows).
# The data directory is reused while its marker file says seeding completed at the same scale, today.
#
# usage: bash bench/stats.sh
#   KAIXU_BENCH_SECONDS    wrk duration per route and connection count (default 10)
#   KAIXU_BENCH_PATENTS    patents seeded (default 1000000); KAIXU_BENCH_LICENSES licenses (default 100000)
#   KAIXU_BENCH_ROUTES     a file of "role path" lines to measure instead of default_routes (# comments)
#   KAIXU_BIN              an already-built kaixu binary (then nothing is built)
#   KAIXU_BENCH_WORK       work directory (default target/bench/stats)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${KAIXU_BENCH_SECONDS:-10}
patents=${KAIXU_BENCH_PATENTS:-1000000}
licenses=${KAIXU_BENCH_LICENSES:-100000}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -n "${KAIXU_BIN:-}" ] || cargo build --release --quiet --bin kaixu
kaixu="${KAIXU_BIN:-$PWD/target/release/kaixu}"
work="${KAIXU_BENCH_WORK:-$PWD/target/bench/stats}"
data_dir="$work/data"
mkdir -p "$work"
export KAIXU_ENV=development KAIXU__LOG__FILTER=warn KAIXU__SERVER__PORT=0 KAIXU__STORAGE__DATA_DIR="$data_dir"

# The measured routes, one "role path" per line (role: operator or university).
default_routes() {
  local period="from=2025-01-01&to=2025-12-31"
  cat <<EOF
operator   /api/v1/stats/kpis?$period
operator   /api/v1/stats/kpis?$period&group_by=university
operator   /api/v1/stats/kpis?$period&group_by=month
operator   /api/v1/stats/kpis?$period&group_by=quarter
operator   /api/v1/stats/kpis?$period&group_by=year
operator   /api/v1/stats/kpis?$period&group_by=region
operator   /api/v1/stats/kpis?$period&group_by=ipc_section
operator   /api/v1/stats/kpis?$period&group_by=ipc_class
operator   /api/v1/stats/kpis?$period&group_by=industry
university /api/v1/stats/kpis?$period
university /api/v1/stats/kpis?$period&group_by=month
operator   /api/v1/stats/funnel?$period&group_by=university
operator   /api/v1/stats/funnel?$period&group_by=month
operator   /api/v1/stats/dormant
operator   /api/v1/stats/follow-ups?list=overdue_recordations
operator   /api/v1/stats/follow-ups?list=overdue_payments
operator   /api/v1/stats/follow-ups?list=trials_ending
operator   /api/v1/stats/feedback?$period
operator   /api/v1/stats/audit?$period
operator   /api/v1/stats/export.csv?report=kpis&$period&group_by=university
operator   /api/v1/stats/export.csv?report=dormant
operator   /api/v1/stats/export.csv?report=overdue_payments
EOF
}
routes="$work/routes.txt"
if [ -n "${KAIXU_BENCH_ROUTES:-}" ]; then grep -vE '^\s*(#|$)' "$KAIXU_BENCH_ROUTES" >"$routes"; else default_routes >"$routes"; fi

# shellcheck source=bench/common.sh
source bench/common.sh
password="bench-password-2026"
university_email="bench-university@example.cn"
operator_email="bench-operator@example.cn"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
register() {
  local kind=$1 name=$2 email=$3
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'content-type: application/json' -d "{
    \"organization\": {\"name\": \"$name\", \"kind\": \"$kind\", \"region_code\": \"110108\", \"industry_codes\": [\"C\", \"38\"]},
    \"user\": {\"email\": \"$email\", \"password\": \"$password\", \"display_name\": \"基准\"}}"
}
login() {
  curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$password\"}" | json '["token"]'
}
get() { curl -fsS -H "authorization: Bearer $1" "http://127.0.0.1:$port$2"; }
# start_server reads the port from server.log, which the new server truncates only once it runs:
# empty it first, or a previous run's port may be read. A failing step stops the server too.
server_pid=""
start() { : >"$work/server.log"; start_server; }
stop() { stop_server; server_pid=""; }
trap '[ -z "$server_pid" ] || stop' EXIT

# wrk at CONNECTIONS over PATHS with TOKEN: prints "p50 p99 requests/s"; fails on any non-2xx.
load() {
  local connections=$1 paths=$2 token=$3 threads=1
  [ "$connections" -gt 1 ] && threads=2
  KAIXU_PATHS="$paths" KAIXU_TOKEN="$token" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency --timeout 30s \
    -s bench/wrk_paths.lua "http://127.0.0.1:$port" >"$work/wrk.out"
  if grep -qE "Non-2xx|Socket errors" "$work/wrk.out"; then grep -E "Non-2xx|Socket errors" "$work/wrk.out" >&2; return 1; fi
  echo "$(awk '$1 == "50%" {print $2}' "$work/wrk.out") $(awk '$1 == "99%" {print $2}' "$work/wrk.out") $(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")"
}

# Seeded states are relative to a day (trials running, payments overdue): the server's UTC today.
# The data is reseeded when the scale or the day changed, so that the licensing job, which runs at
# start-up, finds nothing to settle.
today=$(date -u +%F)
marker="$data_dir/seeded"
if [ "$(cat "$marker" 2>/dev/null)" != "patents=$patents licenses=$licenses today=$today" ]; then
  rm -rf "$data_dir"
  "$kaixu" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
  KAIXU_OPERATOR_PASSWORD="$password" "$kaixu" operator create --email "$operator_email" --organization 基准运营中心 >/dev/null
  start
  register university 基准大学 "$university_email"
  stop
  seeding_started=$(date +%s)
  python3 bench/seed_stats.py "$data_dir/kaixu.sqlite" --patents "$patents" --licenses "$licenses" --today "$today"
  echo "seeding took $(($(date +%s) - seeding_started)) s; database $(du -h "$data_dir/kaixu.sqlite" | cut -f1)"
  echo "patents=$patents licenses=$licenses today=$today" >"$marker"
fi

start
university=$(login "$university_email")
operator=$(login "$operator_email")
token_of() { if [ "$1" = university ]; then echo "$university"; else echo "$operator"; fi; }

# The seeded rows decode through the existing routes (licenses with obligations, a patent).
echo "licenses visible to the university: $(get "$university" "/api/v1/licenses?per_page=5" | json '["total"]')"
patent_id=$(get "$university" "/api/v1/patents?per_page=1" | json '["items"][0]["id"]')
echo "a seeded patent: $(get "$university" "/api/v1/patents/$patent_id" | json '["publication_number"]')"

echo
echo "== one request per route: status, bytes, seconds"
failed=0
while read -r role path <&3; do
  read -r status size seconds < <(curl -sS -o "$work/response" -w '%{http_code} %{size_download} %{time_total}\n' \
    -H "authorization: Bearer $(token_of "$role")" "http://127.0.0.1:$port$path")
  printf '%s %10s B %8s s  %-10s %s\n' "$status" "$size" "$seconds" "$role" "$path"
  if [[ $status != 2* ]]; then failed=1; head -c 300 "$work/response"; echo; fi
done 3<"$routes"
if [ "$failed" = 1 ]; then echo "a route answered non-2xx" >&2; exit 1; fi

for connections in 1 4; do
  echo
  echo "== $connections connection(s), ${duration} s per route, $patents patents, $licenses licenses"
  printf '%-84s | %9s | %9s | %9s\n' route p50 p99 req/s
  while read -r role path <&3; do
    echo "$path" >"$work/paths.txt"
    load "$connections" "$work/paths.txt" "$(token_of "$role")" >"$work/load.out" || exit 1
    read -r p50 p99 rps <"$work/load.out"
    label="${path#/api/v1/stats/}"
    [ "$role" = university ] && label="$label  [university]"
    printf '%-84s | %9s | %9s | %9s\n' "$label" "$p50" "$p99" "$rps"
  done 3<"$routes"
done
rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
stop
if grep -q "panicked" "$work/server.log"; then grep -m3 -A3 "panicked" "$work/server.log"; exit 1; fi
echo
echo "serving RSS $rss MB; database $(du -h "$data_dir/kaixu.sqlite" | cut -f1)"
