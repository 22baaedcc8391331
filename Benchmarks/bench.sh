#!/usr/bin/env bash
# `make bench`: SmartGate side by side with Hummingbird 2 references (Docs/benchmarks.md).
# Installs wrk if missing, builds the release binaries (the daemon, and the Benchmarks package
# with its own scratch path), starts a throwaway PostgreSQL, runs Benchmarks/bench.py and
# prints its markdown summary; the cluster and the servers are removed/stopped on exit.
# Knobs: BENCH_ROUNDS (5), BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_PARTS ("http db"), BENCH_EXCHANGE (1),
# BENCH_FSYNC ("off on"), BENCH_REFERENCE_TX (statement|explicit), BENCH_REFERENCE_POOL (16),
# BENCH_IDLE (10000), BENCH_VACUUM (1: VACUUM before each declaration round; 0: leave it to autovacuum).
set -euo pipefail
cd "$(dirname "$0")/.."

.ci/deps wrk

echo "== building (release): smartgate, hummingbird-reference, smartgate-http-bench" >&2
swift build -c release --package-path Benchmarks --scratch-path .build-bench --product hummingbird-reference >&2
swift build -c release --package-path Benchmarks --scratch-path .build-bench --product smartgate-http-bench >&2
swift build -c release --product smartgate >&2

work=$(mktemp -d /tmp/smartgate-bench.XXXXXX)
chmod 755 "$work"
pgdir="$work/pg"
cleanup() {
  .ci/pg destroy "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

url=$(.ci/pg start "$pgdir" --throwaway)
# Recycled WAL segments, as a cluster that has run a while has, so that no round pays for zero-filling
# new ones while every commit waits (Benchmarks/wal_prewarm.sh).
Benchmarks/wal_prewarm.sh "$url" >&2
SMARTGATE_DATABASE_URL=$url .build/release/smartgate migrate >&2
token=$(SMARTGATE_DATABASE_URL=$url .build/release/smartgate carrier add bench-carrier | tail -1)
python3 Benchmarks/declaration_body.py > "$work/declaration.json"
python3 Benchmarks/declaration_body.py --green > "$work/declaration-green.json"

# The body must be accepted by the daemon before anything is measured.
port=18099
SMARTGATE_DATABASE_URL=$url SMARTGATE_HTTP_HOST=127.0.0.1 SMARTGATE_HTTP_PORT=$port SMARTGATE_PARTNER_PORT=18098 \
  .build/release/smartgate serve >"$work/check.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.2; done
for body in declaration declaration-green; do
  status=$(curl -s -o "$work/check.out" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary "@$work/$body.json" "http://127.0.0.1:$port/v1/declarations")
  if [ "$status" != 201 ]; then
    kill "$daemon"; wait "$daemon" || true
    echo "the daemon answered $status to the benchmark's $body.json:" >&2; cat "$work/check.out" >&2; exit 1
  fi
done
kill "$daemon"; wait "$daemon" || true

ulimit -n "$(ulimit -Hn)"
mkdir -p .build-bench
echo "## make bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)"
echo "- $(swift --version 2>/dev/null | head -1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(psql --version)"
echo "- SmartGate $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo ' + uncommitted changes in Sources')"
echo
# shellcheck disable=SC2086
python3 Benchmarks/bench.py ${BENCH_PARTS:-http db} \
  --database-url "$url" --token "$token" --body "$work/declaration.json" --green-body "$work/declaration-green.json" \
  --rounds "${BENCH_ROUNDS:-5}" --duration "${BENCH_SECONDS:-10}" --connections "${BENCH_CONNECTIONS:-64}" \
  --fsync ${BENCH_FSYNC:-off on} --reference-tx "${BENCH_REFERENCE_TX:-statement}" --reference-pool "${BENCH_REFERENCE_POOL:-16}" --idle "${BENCH_IDLE:-10000}" --vacuum "${BENCH_VACUUM:-1}" \
  --log .build-bench/bench-servers.log --json .build-bench/bench-results.json

# The partner exchange and the risk engine (issues 5 and 6): Benchmarks/exchange_bench.sh, with
# its own throwaway cluster and gateway. BENCH_EXCHANGE=0 skips it.
if [ "${BENCH_EXCHANGE:-1}" != 0 ]; then
  echo
  Benchmarks/exchange_bench.sh
fi
