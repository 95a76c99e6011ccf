#!/usr/bin/env bash
# Fails when a crate depends on something design §4 and style.md do not allow:
# internal arrows, and third-party confinement (actix-web and jsonwebtoken only in server,
# tantivy and jieba-rs only in search, sea-orm only in crates that own tables).
set -euo pipefail
cd "$(dirname "$0")/.."

# crate => internal crates it may depend on (directly or not)
declare -A allowed=(
  [catalog]=""
  [accounts]="catalog"
  [search]="catalog"
  [licensing]="catalog"
  [matching]="search licensing catalog"
  [stats]="catalog licensing accounts search matching"
  [migrations]=""
)
internal="catalog accounts search licensing matching stats server migrations"
# third-party crate => the only workspace crates allowed to depend on it
declare -A confined=(
  [actix-web]="server tests"
  [jsonwebtoken]="server tests"
  [tantivy]="search"
  [jieba-rs]="search"
  [sea-orm]="catalog accounts licensing matching stats server migrations tests"
)

failures=0
# Guard against a vacuous pass: the tree must show edges we know exist.
server_deps=$(cargo tree -p server -e normal --prefix none --format '{p}' --locked | awk '{print $1}')
if ! grep -qx catalog <<<"$server_deps"; then
  echo "layering: cargo tree returned nothing useful"; exit 1
fi
for crate in "${!allowed[@]}"; do
  deps=$(cargo tree -p "$crate" -e normal --prefix none --format '{p}' --locked | awk '{print $1}' | sort -u)
  for other in $internal; do
    [ "$other" = "$crate" ] && continue
    if grep -qx "$other" <<<"$deps" && ! grep -qw "$other" <<<"${allowed[$crate]}"; then
      echo "layering: $crate must not depend on $other (design §4)"
      failures=$((failures + 1))
    fi
  done
done

for dependency in "${!confined[@]}"; do
  # Every workspace crate that depends on it directly.
  users=$(cargo tree -i "$dependency" -e normal --depth 1 --prefix none --format '{p}' --locked --workspace 2>/dev/null \
    | awk '{print $1}' | sort -u | grep -xE "$(tr ' ' '|' <<<"$internal tests")" || true)
  for user in $users; do
    if ! grep -qw "$user" <<<"${confined[$dependency]}"; then
      echo "layering: $user must not depend on $dependency (style.md: third-party confinement)"
      failures=$((failures + 1))
    fi
  done
done

if [ "$failures" -gt 0 ]; then
  echo "layering check failed: $failures forbidden edge(s)"
  exit 1
fi
echo "layering check passed"
