#!/usr/bin/env bash
# Issue 16's benchmark: ADT messages per second over one MLLP connection into the node as deployed
# (java -jar zorgbrug.jar serve, MPI on PostgreSQL at 127.0.0.1:5432 as user postgres, in a database of its own
# created fresh and dropped after),
# against HAPI's own MLLP server answering AA without storing anything (the peer), in the same run, in turn over
# three rounds; then the time of an A40 merging a patient with 10,000 jobs and 10,000 quarantine entries.
# Usage: bench/run-adt.sh [messages=20000] [patients=5000]
# Profiling (AdtBenchmark's javadoc): ADT_BENCH_NODE_JAVA_OPTS, ADT_BENCH_JDBC_OPTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build takes the machine's shared build lock (docs/benchmarks.md); the measurement runs outside it.
flock /tmp/zorgbrug-build.lock ./mvnw -q -B -DskipTests package -pl bench,app -am
CP="bench/target/classes:dicom/target/classes:bsn/target/classes:gateway/target/classes"
CP="$CP:$(ls ~/.m2/repository/ca/uhn/hapi/hapi-base/2.6.0/hapi-base-2.6.0.jar)"
CP="$CP:$(ls ~/.m2/repository/ca/uhn/hapi/hapi-structures-v251/2.6.0/hapi-structures-v251-2.6.0.jar)"
CP="$CP:$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | sort -V | tail -1)"
CP="$CP:$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)"
# hapi.home: HAPI's message ID generator keeps its counter in a file id_file there (ca.uhn.hl7v2.util.Home; the
# default is the working directory, which left id_file in the checkout).
java -Xmx512m -Dhapi.home=bench/target -cp "$CP" nl.zorgbrug.bench.AdtBenchmark bench/target/bench-adt "${1:-20000}" "${2:-5000}"
