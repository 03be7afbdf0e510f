#!/usr/bin/env bash
# Ingest benchmarks (results go in docs/benchmarks.md). Each phase runs in its own JVM; the
# baseline is DuckDB's own COPY of the same file, run by the same program.
#
#   local/bench/ingest.sh csv [rows]     synthetic CSV, 10 numeric + 3 string columns (default 5,000,000 rows)
#   local/bench/ingest.sh flights        vega-datasets flights-3m.parquet (3M real flights, from npm)
#   local/bench/ingest.sh big [MB]       ~880 MB CSV ingested with -Xmx512m
#   local/bench/ingest.sh all
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work="$root/target/bench"
mkdir -p "$work"

./mvnw -q -B -DskipTests -pl infra -am test-compile
./mvnw -q -B -pl infra -am dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
cp="infra/target/test-classes:infra/target/classes:functions/target/classes:$(cat "$work/classpath.txt")"
bench() { java -cp "$cp" io.icegate.bench.IngestBenchmark "$@"; }

flights() {
  local file="$work/vega/package/data/flights-3m.parquet"
  if [ ! -f "$file" ]; then
    (cd "$work" && mkdir -p vega && cd vega && npm pack --silent vega-datasets@3.2.1 >/dev/null \
      && tar xzf vega-datasets-3.2.1.tgz package/data/flights-3m.parquet)
  fi
  bench parquet "$file" "$work"
}

case "${1:-all}" in
  csv) bench csv "${2:-5000000}" "$work" ;;
  flights) flights ;;
  big) bench big "${2:-880}" "$work" ;;
  all) bench csv 5000000 "$work"; flights; bench big 880 "$work" ;;
  *) echo "usage: $0 csv [rows] | flights | big [MB] | all" >&2; exit 2 ;;
esac
