#!/bin/sh
# Builds the libFuzzer target for the HTTP request parser:
#   Tests/Fuzz/build.sh && .build-fuzz/http-parser-fuzz -max_total_time=120 .build-fuzz/corpus
# The parser files depend on the Swift standard library only, so they compile alone here.
set -eu
cd "$(dirname "$0")/../.."
mkdir -p .build-fuzz/corpus
# Seed the corpus with the shared conformance cases when they are there.
if [ -d ../shared/http-conformance/cases ]; then
    for f in ../shared/http-conformance/cases/*.http; do
        # First byte is the harness's control byte (limits and split point).
        { printf '\000'; cat "$f"; } > ".build-fuzz/corpus/$(basename "$f")"
    done
fi
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    Sources/HTTPServer/Parser/*.swift Tests/Fuzz/HTTPParserFuzz.swift \
    -o .build-fuzz/http-parser-fuzz
echo "built .build-fuzz/http-parser-fuzz"
