#!/usr/bin/env bash
# Benchmarks/wal_prewarm.sh URL [SIZE_MB]: gives a throwaway cluster the recycled WAL segments a
# cluster that has run for a while already has, so that no measured round pays for creating them.
#
# A new cluster creates each 16 MB WAL segment when it first needs it and fills it with zeros
# (wal_init_zero) while holding the WAL write lock: every commit waits. Under the declaration load
# that was a stall of 50-78 ms every 2,260 declarations (one segment of their WAL), all 64
# in-flight requests at once, and a p99 of 59-67 ms where the rest of the distribution ends at
# 20 ms (Docs/benchmarks.md, "Where the time went, and what changed (2026-12-04 19:51 to 21:15
# UTC)"). A checkpoint renames old segments for reuse instead, up to min_wal_size: so this
# writes SIZE_MB of WAL (one segment switch at a time), keeps min_wal_size that large, and
# checkpoints. max_wal_size is raised with it, so that a round's WAL does not start a checkpoint
# in the middle of the round. Both servers benefit alike.
set -euo pipefail
url=$1
size_mb=${2:-2048}
segments=$(( size_mb / 16 + 2 ))

psql -qAt "$url" -c "ALTER SYSTEM SET min_wal_size = '${size_mb}MB'" -c "ALTER SYSTEM SET max_wal_size = '$(( size_mb * 2 ))MB'" >/dev/null
psql -qAt "$url" -c "SELECT pg_reload_conf()" >/dev/null
# Each autocommitted txid_current() writes a commit record, so each pg_switch_wal() starts a new
# segment (one with nothing written since the last switch would not).
for _ in $(seq "$segments"); do
  echo "SELECT txid_current(); SELECT pg_switch_wal();"
done | psql -qAt "$url" >/dev/null
psql -qAt "$url" -c "CHECKPOINT" >/dev/null
