#!/usr/bin/env bash
# Issue 20's retrieval benchmark (docs/benchmarks.md, "The image index (issue 20)", "Retrieval A→B"): MB/s for a
# ~1 GB study (2000 CT instances of 525 kB) from hospital A to hospital B by RAD-69, WADO-RS and C-MOVE, each an
# import at node B (java -jar zorgbrug.jar serve, a fresh node per method) from node A (source and registry, its PACS
# an Orthanc with DICOMweb as installed) or, for C-MOVE, from A's dcmqrscp, into B's PACS (storescp); one WADO-RS GET
# of the whole study at A; and the peer, dcmtk movescu from dcmqrscp to storescp, in the same run. PostgreSQL at
# 127.0.0.1:5432 database test, a schema per node, dropped after. Build and measurement each hold the shared lock.
# Usage: bench/run-retrieve.sh [instances=2000] [methods=WADO_RS,RAD_69,C_MOVE]
# Against main in the same lock hold: RETRIEVE_BENCH_MAIN=1 builds main's jar from `git archive main` aside first and
#   runs node A and B of both jars in turn (main, then this tree).
# Profiling: RETRIEVE_BENCH_NODE_JVM (options for the nodes' JVMs).
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/zorgbrug-build.lock
flock "$LOCK" ./mvnw -q -B -o -DskipTests package -pl bench,app -am
JARS="node=$PWD/app/target/zorgbrug.jar"
if [ "${RETRIEVE_BENCH_MAIN:-}" = 1 ]; then
  MAIN=/tmp/zb-retrieve-main
  rm -rf "$MAIN" && mkdir -p "$MAIN" && git archive main | tar -x -C "$MAIN"
  (cd "$MAIN" && flock "$LOCK" ./mvnw -q -B -o -DskipTests package -pl app -am)
  cp "$MAIN/app/target/zorgbrug.jar" /tmp/zb-retrieve-main.jar && rm -rf "$MAIN"
  JARS="main=/tmp/zb-retrieve-main.jar,branch=$PWD/app/target/zorgbrug.jar"
fi
LIB=bench/target/retrieve-lib
rm -rf "$LIB" && unzip -q -o app/target/zorgbrug.jar 'BOOT-INF/lib/*' -d "$LIB"
echo "disk before: $(df -h / | tail -1)"
flock "$LOCK" java -Xmx1g -Dbench.jars="$JARS" -Dbench.node.jvm="${RETRIEVE_BENCH_NODE_JVM:-}" \
  -cp "bench/target/classes:$LIB/BOOT-INF/lib/*" nl.zorgbrug.bench.RetrieveBenchmark bench/target/bench-retrieve \
  "${1:-2000}" "${2:-WADO_RS,RAD_69,C_MOVE}"
