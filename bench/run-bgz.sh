#!/usr/bin/env bash
# Issue 19's benchmark: the BgZ MSZ 2.0 query set (27 searches, each with _revinclude=Provenance:target) against the
# node as deployed (java -jar zorgbrug.jar serve), over HTTP with the patients' bearer tokens: one patient with 2,000
# resources sequentially, and 20 patients in parallel with 20 clients; on the embedded H2 database, then on PostgreSQL
# at 127.0.0.1:5432 (database test, a schema of its own, dropped after). Targets: the set under 0.5 s, p95 per query
# under 50 ms (docs/benchmarks.md, "The BgZ query set (issue 19)").
# Usage: bench/run-bgz.sh [resources-per-patient=2000] [clients=20] [rounds=10] [databases="h2 postgresql"]
# Profiling: BGZ_BENCH_NODE_JAVA_OPTS (options for the node's JVM, e.g. -XX:StartFlightRecording=filename=...).
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/zorgbrug-build.lock
flock "$LOCK" ./mvnw -q -B -o -DskipTests package -pl bench,app -am
CP="bench/target/classes:bgz/target/classes:bsn/target/classes:dicom/target/classes:gateway/target/classes"
CP="$CP:$(ls ~/.m2/repository/ca/uhn/hapi/hapi-base/2.6.0/hapi-base-2.6.0.jar)"
CP="$CP:$(ls ~/.m2/repository/ca/uhn/hapi/hapi-structures-v251/2.6.0/hapi-structures-v251-2.6.0.jar)"
CP="$CP:$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | sort -V | tail -1)"
CP="$CP:$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)"
# The measurements need a quiet machine: each database's run holds the shared build lock (under ten minutes each).
for db in ${4:-h2 postgresql}; do
  flock "$LOCK" java -Xmx512m -cp "$CP" nl.zorgbrug.bench.BgzBenchmark "bench/target/bench-bgz-$db" "$db" \
    "${1:-2000}" "${2:-20}" "${3:-10}"
done
