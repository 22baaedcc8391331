#!/usr/bin/env bash
# The partner exchange and the risk engine, for `make bench` (Docs/benchmarks.md):
#  - signed `declaration` messages from nanning-peer, verified, validated, given a lane and stored
#    durably (group commit, synchronous_commit on) per second, over 1 and over 16 mutual-TLS
#    keep-alive connections;
#  - manifests pulled per second (signed manifest_batch pages of 1,000);
#  - lane decisions per second with 1,000 and 10,000 rules (risk-bench, no I/O).
# Knobs: EXCHANGE_ROUNDS (3), EXCHANGE_ONE (2000 messages on 1 connection), EXCHANGE_MANY (8000 on 16).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${EXCHANGE_ROUNDS:-3}
one=${EXCHANGE_ONE:-2000}
many=${EXCHANGE_MANY:-8000}

echo "== building (release): smartgate, nanning-peer, risk-bench" >&2
for product in smartgate nanning-peer risk-bench; do swift build -c release --product "$product" >&2; done

work=$(mktemp -d /tmp/smartgate-exchange-bench.XXXXXX)
chmod 755 "$work"
gateway=""
cleanup() {
  [ -n "$gateway" ] && kill "$gateway" 2>/dev/null && wait "$gateway" 2>/dev/null || true
  .ci/pg destroy "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

.ci/certs "$work/certs" 2>/dev/null
c=$work/certs
url=$(.ci/pg start "$work/pg" --throwaway)
# Recycled WAL segments, as a cluster that has run a while has (Benchmarks/wal_prewarm.sh).
Benchmarks/wal_prewarm.sh "$url"
export SMARTGATE_DATABASE_URL=$url SMARTGATE_LOG_LEVEL=warning
.build/release/smartgate migrate >/dev/null
.build/release/smartgate partner add nanning --cert "$c/nanning-client.pem" --signing-key "$c/nanning-signing.pub.pem" >/dev/null
# A second partner pulls (a partner's own pushed declarations are not in its manifests).
.build/release/smartgate partner add hanoi-mirror --cert "$c/stranger-client.pem" --signing-key "$c/gateway-signing.pub.pem" >/dev/null

SMARTGATE_HTTP_HOST=127.0.0.1 SMARTGATE_HTTP_PORT=0 SMARTGATE_PARTNER_HOST=127.0.0.1 SMARTGATE_PARTNER_PORT=0 \
SMARTGATE_PARTNER_TLS_CERTIFICATE=$c/gateway-server.pem SMARTGATE_PARTNER_TLS_KEY=$c/gateway-server.key \
SMARTGATE_PARTNER_TLS_CLIENT_CA=$c/ca.pem SMARTGATE_EXCHANGE_SIGNING_KEY=$c/gateway-signing.pem SMARTGATE_LOG_LEVEL=info \
  .build/release/smartgate serve 2>"$work/gateway.log" &
gateway=$!
port=""
for _ in $(seq 200); do
  port=$(grep -o 'partner=[^ ]*' "$work/gateway.log" 2>/dev/null | head -1 | sed 's/.*://') && [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/gateway.log" >&2; exit 1; }
common=(--gateway-url "https://127.0.0.1:$port" --server-ca "$c/ca.pem" --gateway-signing-key "$c/gateway-signing.pub.pem")
nanning=(--client-cert "$c/nanning-client.pem" --client-key "$c/nanning-client.key" --signing-key "$c/nanning-signing.pem")
mirror=(--client-cert "$c/stranger-client.pem" --client-key "$c/stranger-client.key" --signing-key "$c/gateway-signing.pem" --node-id hanoi-mirror)

field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }
median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:])))" "$@"; }

# Warm-up, one round's worth: a fresh cluster's shared buffers are fresh memory, and until a
# round has touched them PostgreSQL takes a page fault for each (4% of its CPU in a profile of an
# early round). It did not make the first round as fast as the others (Docs/benchmarks.md, run J).
.build/release/nanning-peer push --count "$many" --connections 16 "${common[@]}" "${nanning[@]}" >/dev/null
single=(); parallel=(); pulls=(); steals=(); cpus=()
# CPU (user + system, clock ticks) of the gateway and of the cluster's processes alive at both ends
# of a push: throughput moves with this VM's speed, the CPU a message costs each process much less.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postmaster=$(head -1 "$work/pg/postmaster.pid")
# The postmaster and its children, from /proc (fields after the command name, which may hold spaces).
pg_ticks() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$postmaster" '{ pid = $1; sub(/^.*\) /, ""); if (pid == pm || $2 == pm) t += $12 + $13 } END { print t + 0 }'
}
# CPU the hypervisor kept from this VM meanwhile (/proc/stat's steal), as a share of its cores: the
# figures move with it.
steal_ticks() { awk '/^cpu /{print $9}' /proc/stat; }
steal_share() { python3 -c "import sys; t, s = float(sys.argv[1]), float(sys.argv[2]); print(round(100 * t / $(getconf CLK_TCK) / (s * $(nproc))))" "$@"; }
# µs a message from CPU seconds spent on one push of $many messages.
per_message() { python3 -c "import sys; print(round(float(sys.argv[1]) * 1e6 / $many))" "$1"; }
ticks_to_seconds() { python3 -c "import sys; print(int(sys.argv[1]) / $(getconf CLK_TCK))" "$1"; }
# Before each timed push: the maintenance autovacuum would otherwise start during it (the tables
# grow by thousands of rows a round), then a checkpoint, as the declaration benchmark does.
settle() { psql "$url" -qc "VACUUM (ANALYZE)" -c "CHECKPOINT" >/dev/null; }
for round in $(seq "$rounds"); do
  settle
  out=$(.build/release/nanning-peer push --count "$one" --connections 1 "${common[@]}" "${nanning[@]}")
  [ "$(echo "$out" | field stored)" = "$one" ] || { echo "round $round: not every message was stored: $out" >&2; exit 1; }
  single+=("$(echo "$out" | field perSecond)")
  settle
  stolen=$(steal_ticks); began=$(date +%s.%N); gw0=$(ticks "$gateway"); pg0=$(pg_ticks)
  out=$(.build/release/nanning-peer push --count "$many" --connections 16 "${common[@]}" "${nanning[@]}")
  gw1=$(ticks "$gateway"); pg1=$(pg_ticks)
  stolen=$(( $(steal_ticks) - stolen )); took=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$began" "$(date +%s.%N)")
  # µs a message: gateway / PostgreSQL / the peer's timed sending (its own `cpuSeconds`).
  cpus+=("$(per_message "$(ticks_to_seconds $((gw1 - gw0)))")/$(per_message "$(ticks_to_seconds $((pg1 - pg0)))")/$(per_message "$(echo "$out" | field cpuSeconds)")")
  [ "$(echo "$out" | field stored)" = "$many" ] || { echo "round $round: not every message was stored: $out" >&2; exit 1; }
  parallel+=("$(echo "$out" | field perSecond)")
  # Over the whole push command, its untimed generation and signing of the messages included.
  steals+=("$(steal_share "$stolen" "$took")%")
  out=$(.build/release/nanning-peer pull --all --limit 1000 "${common[@]}" "${mirror[@]}")
  pulls+=("$(echo "$out" | field perSecond)")
  echo "round $round: 1 connection ${single[-1]}/s, 16 connections ${parallel[-1]}/s (steal ${steals[-1]}, CPU µs a message gateway/PostgreSQL/peer ${cpus[-1]}), pull ${pulls[-1]} manifests/s ($(echo "$out" | field manifests) manifests)" >&2
done
stored=$(psql "$url" -Atc "SELECT count(*) FROM declarations")
echo "### The partner exchange (release build, $rounds rounds, medians)"
echo
echo "| what | per second (median) | rounds |"
echo "|---|---|---|"
echo "| signed declarations stored, 1 mutual-TLS keep-alive connection ($one per round) | $(median "${single[@]}") | ${single[*]} |"
echo "| signed declarations stored, 16 connections ($many per round) | $(median "${parallel[@]}") | ${parallel[*]} |"
echo "| manifests pulled (pages of 1,000, whole feed each round) | $(median "${pulls[@]}") | ${pulls[*]} |"
echo
echo "$stored declarations stored in all; every message answered with a verified signed receipt."
echo
echo "CPU the hypervisor kept from this VM during each 16-connection push (steal, share of its cores): ${steals[*]}."
echo
echo "CPU a stored message cost during each 16-connection push, in µs, gateway/PostgreSQL/peer (the peer's timed sending; 2,000 messages a second on 2 cores allow 1,000 in all): ${cpus[*]}."
echo
echo "### Lane decisions (risk-bench, no I/O)"
echo
.build/release/risk-bench 1000 10000
