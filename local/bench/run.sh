#!/usr/bin/env bash
# Benchmarks (results go in docs/benchmarks.md). Each program prints its baseline too: for ingest
# DuckDB's own COPY of the same file (three interleaved rounds of baseline, cold and warm ingest,
# each in its own JVM; ratios of medians; the profiles follow-up timed on its own), for the gate
# DuckDB's join of the same predictions with the same labels.
#
#   local/bench/run.sh csv [rows]     synthetic CSV, 10 numeric + 3 string columns (default 5,000,000 rows)
#   local/bench/run.sh flights        vega-datasets flights-3m.parquet (3M real flights, from npm)
#   local/bench/run.sh big [MB]       ~880 MB CSV ingested with -Xmx512m
#   local/bench/run.sh gate [rows]       gate with 1,000 bootstrap resamples (default 1,000,000 rows)
#   local/bench/run.sh drift [rows] [ref]  drift scans, 20 features: current window (default 5,000,000 rows)
#                                          and reference (default 1,000,000), each in 5 batches; baselines
#                                          a DuckDB aggregate and local/bench/drift_pandas.py (/usr/bin/python3);
#                                          a 4th argument "full" keeps every digit of the features (no pandas)
#   local/bench/run.sh drift-batches [small] [large]  profile-mode scans of 100, 1,000 and 10,000 batches, each with
#                                          small and large batches (default 1,000 and 10,000 rows each)
#   local/bench/run.sh lambda-cold [runs] [warm]  cold start of the packaged ingest Lambda under AWS's runtime
#                                          interface client: Spring Cloud Function vs a plain handler
#                                          (default 10 alternating runs each, 5 warm invocations per run)
#   local/bench/run.sh soak [uploads] [seconds]  soak test: small uploads (with duplicates and bad files) from
#                                          4 threads with drift scans, table reads and maintenance (every 30 s) running
#                                          (default 2,000 uploads, at most 3,600 s); exit code 1 on a problem
#   local/bench/run.sh all
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work="$root/target/bench"
mkdir -p "$work"

# one invocation, so the reactor resolves functions/ from its class folders (nothing is installed)
./mvnw -q -B -pl infra -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
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

lambda_cold() {
  # the zips and the aws adapter's test class path (runtime interface client, s3proxy, the baseline)
  ./mvnw -q -B -pl adapters/aws -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/aws-classpath.txt" >/dev/null
  java -Dlambda.zip.dir=adapters/aws/target -cp "adapters/aws/target/test-classes:adapters/aws/target/classes:$(cat "$work/aws-classpath.txt")" \
    io.icegate.aws.LambdaColdStartBenchmark "${1:-10}" "${2:-5}" "$work/lambda-cold"
}

case "${1:-all}" in
  csv) bench csv "${2:-5000000}" "$work" ;;
  flights) flights ;;
  big) bench big "${2:-880}" "$work" ;;
  gate) java -cp "$cp" io.icegate.gate.GateBenchmark "${2:-1000000}" 1000 "$work/gate" ;;
  drift) java -cp "$cp" io.icegate.monitor.DriftBenchmark "${2:-5000000}" "${3:-1000000}" "$work/drift" ${4:+"$4"} ;;
  drift-batches) java -cp "$cp" io.icegate.monitor.DriftBatchesBenchmark "${2:-1000}" "${3:-10000}" "$work/drift-batches" ;;
  lambda-cold) lambda_cold "${2:-10}" "${3:-5}" ;;
  soak) java -cp "$cp" io.icegate.soak.Soak "${2:-2000}" "${3:-3600}" "$work/soak" ;;
  all) bench csv 5000000 "$work"; flights; bench big 880 "$work"; java -cp "$cp" io.icegate.gate.GateBenchmark 1000000 1000 "$work/gate"
    java -cp "$cp" io.icegate.monitor.DriftBenchmark 5000000 1000000 "$work/drift"
    java -cp "$cp" io.icegate.monitor.DriftBatchesBenchmark 1000 10000 "$work/drift-batches" ;;
  *) echo "usage: $0 csv [rows] | flights | big [MB] | gate [rows] | drift [rows] [ref] [full] | drift-batches [small] [large] | lambda-cold [runs] [warm] | soak [uploads] [seconds] | all" >&2; exit 2 ;;
esac
