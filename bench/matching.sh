#!/usr/bin/env bash
# Matching benchmark: at ROWS patents (default 1,000,000 real records with abstracts from
# ../shared/data, replicated with new publication numbers), posts the 371 real enterprise demands
# of ../shared/data/demands.jsonl over HTTP, then measures with wrk, at 1 and 8 concurrent
# clients, the latency (p50/p99) and requests/s of
#   GET /api/v1/demands/{id}/matches?include_without_offer=true   (forward: demand -> patents)
#   GET /api/v1/patents/{id}/demands                              (reverse: patent -> demands)
# The replicated corpus has no dates, so no patent is eligible for an open-license offer: the
# forward direction is measured with include_without_offer=true, which ranks over the whole
# corpus (the default, offers-in-force-only filter would leave nothing to rank).
#
# usage: bash bench/matching.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
duration=${KAIXU_BENCH_SECONDS:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet --bin kaixu
kaixu="$PWD/target/release/kaixu"
work="$PWD/target/bench/matching"
mkdir -p "$work"
export KAIXU_ENV=development KAIXU__LOG__FILTER=warn KAIXU__SERVER__IMPORT_LIMIT_BYTES=4294967296 KAIXU__SERVER__PORT=0

# shellcheck source=bench/common.sh
source bench/common.sh
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
register() {
  local kind=$1 name=$2 email=$3
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'content-type: application/json' -d "{
    \"organization\": {\"name\": \"$name\", \"kind\": \"$kind\", \"region_code\": \"110108\", \"industry_codes\": [\"C\"]},
    \"user\": {\"email\": \"$email\", \"password\": \"bench-password-2026\", \"display_name\": \"基准\"}}"
}
login() {
  curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"bench-password-2026\"}" | json '["token"]'
}

# wrk at CONNECTIONS over PATHS with TOKEN: prints "p50 p99 requests/s"
load() {
  local connections=$1 paths=$2 token=$3 threads=1
  [ "$connections" -gt 1 ] && threads=2
  KAIXU_PATHS="$paths" KAIXU_TOKEN="$token" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    -s bench/wrk_paths.lua "http://127.0.0.1:$port" >"$work/wrk.out"
  if grep -qE "Non-2xx|Socket errors" "$work/wrk.out"; then grep -E "Non-2xx|Socket errors" "$work/wrk.out"; exit 1; fi
  echo "$(awk '$1 == "50%" {print $2}' "$work/wrk.out") $(awk '$1 == "99%" {print $2}' "$work/wrk.out") $(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")"
}

corpus="$PWD/target/bench/corpus-abstracts-$rows.jsonl"
[ -f "$corpus" ] || python3 bench/make_corpus.py "$rows" "$corpus" --with-abstracts
data_dir="$work/data-$rows"
export KAIXU__STORAGE__DATA_DIR="$data_dir"
university_email="bench-university@example.cn"
enterprise_email="bench-enterprise@example.cn"
if [ ! -f "$data_dir/loaded" ]; then
  rm -rf "$data_dir"
  start_server
  register university 基准大学 "$university_email"
  register enterprise 基准科技有限公司 "$enterprise_email"
  stop_server
  "$kaixu" import "$corpus" --org 基准大学 | grep "rows, imported"
  "$kaixu" reindex | tail -n 1
  touch "$data_dir/loaded"
fi

start_server
for _ in $(seq 1 1200); do
  applied=$(curl -fsS "http://127.0.0.1:$port/healthz" | json '["search"]["applied_seq"]')
  [ "$applied" -ge "$rows" ] && break
  sleep 0.1
done
university=$(login "$university_email")
enterprise=$(login "$enterprise_email")

# The real demands, posted over HTTP (each post also runs the push ranking), become the inputs.
python3 - "$port" "$enterprise" "$university" "$work" <<'PY'
import json, sys, time, urllib.request
port, enterprise, university, work = sys.argv[1:5]
base = f"http://127.0.0.1:{port}/api/v1"
def call(method, path, token, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"authorization": f"Bearer {token}", "content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)
existing = call("GET", "/demands?per_page=100", enterprise)
ids = []
if existing["total"] == 0:
    started = time.time()
    for line in open("../shared/data/demands.jsonl", encoding="utf-8"):
        demand = json.loads(line)
        description = (demand["content"] or demand["title"]).strip()[:10000]
        if len(description) < 10:
            description = (demand["title"] + "：" + description)[:10000]
        posted = call("POST", "/demands", enterprise, {"title": demand["title"][:100], "description": description})
        ids.append(posted["id"])
    print(f"posted {len(ids)} real demands in {time.time() - started:.1f} s ({(time.time() - started) * 1000 / len(ids):.1f} ms each, push ranking included)")
else:
    page = 1
    while True:
        listed = call("GET", f"/demands?per_page=100&page={page}", enterprise)
        ids += [item["id"] for item in listed["items"]]
        if page * 100 >= listed["total"]:
            break
        page += 1
patents = call("GET", "/patents?per_page=100", university)["items"]
with open(f"{work}/forward.txt", "w") as forward:
    for demand_id in ids:
        forward.write(f"/api/v1/demands/{demand_id}/matches?include_without_offer=true\n")
with open(f"{work}/reverse.txt", "w") as reverse:
    for patent in patents:
        reverse.write(f"/api/v1/patents/{patent['id']}/demands\n")
sample = call("GET", f"/demands/{ids[0]}/matches?include_without_offer=true&per_page=3", enterprise)
print(f"sample: demand {ids[0]} -> {sample['total']} ranked, key terms {[t['term'] for t in sample['key_terms']][:8]}")
PY

KAIXU_PATHS="$work/forward.txt" KAIXU_TOKEN="$enterprise" wrk -t2 -c8 -d5s -s bench/wrk_paths.lua "http://127.0.0.1:$port" >/dev/null
read -r f1_p50 f1_p99 f1_rps < <(load 1 "$work/forward.txt" "$enterprise")
read -r f8_p50 f8_p99 f8_rps < <(load 8 "$work/forward.txt" "$enterprise")
read -r r1_p50 r1_p99 r1_rps < <(load 1 "$work/reverse.txt" "$university")
read -r r8_p50 r8_p99 r8_rps < <(load 8 "$work/reverse.txt" "$university")
rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
stop_server
if grep -q "panicked" "$work/server.log"; then grep -m3 -A3 "panicked" "$work/server.log"; exit 1; fi

echo
echo "== matching at $rows patents (real records with abstracts, replicated with new publication numbers); 371 real demands"
echo "forward (demand -> patents, whole corpus),  1 client:  p50 $f1_p50  p99 $f1_p99  $f1_rps req/s"
echo "forward (demand -> patents, whole corpus),  8 clients: p50 $f8_p50  p99 $f8_p99  $f8_rps req/s"
echo "reverse (patent -> open demands),           1 client:  p50 $r1_p50  p99 $r1_p99  $r1_rps req/s"
echo "reverse (patent -> open demands),           8 clients: p50 $r8_p50  p99 $r8_p99  $r8_rps req/s"
echo "serving RSS $rss MB"
