# SmartGate: the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

DATA_DIR := .data
LOCAL_PG := $(DATA_DIR)/pg

.PHONY: run test build release migrate stop-db deps fuzz clean

## deps: install missing system packages (libpq-dev libssl-dev zlib1g-dev postgresql ...)
deps:
	@.ci/deps

## run: set everything up and run the daemon in the foreground (Ctrl-C stops it)
# Without a configured database URL, the embedded local cluster under .data/pg is started and
# kept between runs (`make stop-db` stops it).
run: deps release
	@set -e; \
	if [ -z "$${SMARTGATE_DATABASE_URL:-}" ] && ! grep -Eq '^[[:space:]]*database_url[[:space:]]*=[[:space:]]*[^[:space:]]' "$${SMARTGATE_CONFIG:-Config/smartgate.conf}" 2>/dev/null; then \
	  export SMARTGATE_DATABASE_URL=$$(.ci/pg start $(LOCAL_PG)); \
	  echo "local PostgreSQL: $$SMARTGATE_DATABASE_URL (make stop-db stops it)"; \
	fi; \
	.build/release/smartgate migrate; \
	exec .build/release/smartgate serve

## test: a throwaway PostgreSQL, the whole test suite, conformance; cleaned up afterwards
test: deps
	@.ci/test

build: deps
	swift build

release: deps
	swift build -c release --product smartgate

## migrate: apply migrations to the configured database (or the local cluster)
migrate: deps release
	@set -e; \
	if [ -z "$${SMARTGATE_DATABASE_URL:-}" ]; then export SMARTGATE_DATABASE_URL=$$(.ci/pg start $(LOCAL_PG)); fi; \
	.build/release/smartgate migrate

## stop-db: stop the local cluster (data is kept in .data/pg)
stop-db:
	@.ci/pg stop $(LOCAL_PG)

clean:
	swift package clean

## bench: SmartGate side by side with Hummingbird 2 references under wrk (Docs/benchmarks.md);
# installs wrk if missing, builds release binaries, uses a throwaway PostgreSQL. Not part of test.
.PHONY: bench
bench: deps
	@Benchmarks/bench.sh

## fuzz: libFuzzer on the HTTP request parser for FUZZ_SECONDS (default 600)
fuzz:
	@Tests/Fuzz/build.sh
	.build-fuzz/http-parser-fuzz -max_total_time=$${FUZZ_SECONDS:-600} .build-fuzz/corpus

## certs: development certificates and signing keys for the partner exchange under .data/certs
.PHONY: certs demo
certs:
	@.ci/certs .data/certs

## demo: the gateway and the simulated Nanning node exchanging declarations, from nothing; cleaned up afterwards
demo: deps
	@.ci/demo
