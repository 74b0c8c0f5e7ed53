#!/usr/bin/env bash
# Issue 20's registry benchmark (docs/benchmarks.md, "The image index (issue 20)"): the node's XDS Document Registry
# as deployed (java -jar zorgbrug.jar serve, HTTPS, PostgreSQL 127.0.0.1:5432 database test in a schema of its own,
# dropped after), seeded by COPY with N DocumentEntries (one patient per ten; most 1-10 studies, a few 500), then
# ITI-18 FindDocuments and ITI-42 by 1 and 8 clients; the floor (the same SQL over JDBC) and the peer (Orthanc with
# orthanc-postgresql, QIDO-RS studies?PatientID=) in the same run. Each step holds the shared build lock.
# Usage: bench/run-index.sh [entries=1000000] [clients=1,8] [seconds=300] [patients-asked=1000] [orthanc-studies=0]
# Profiling: INDEX_BENCH_NODE_JAVA_OPTS (options for the node's JVM); INDEX_BENCH_KEEP=true keeps the schema;
# INDEX_BENCH_SCHEMA=<kept schema> measures on it again without seeding (same number of entries).
# The peer alone: INDEX_BENCH_PEER_ONLY=true bench/run-index.sh 0 1,8 60 1000 <orthanc-studies> (no node, no floor);
# INDEX_BENCH_PEER_SEED=rest|copy: the peer seeded over its REST API or by COPY (default COPY from 10,000 studies on).
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/zorgbrug-build.lock
flock "$LOCK" ./mvnw -q -B -o -DskipTests package -pl bench,app -am
# The benchmark runs on the node's own libraries (IPF, JAXB, pgjdbc of the same versions): those in the node's jar.
LIB=bench/target/index-lib
rm -rf "$LIB" && unzip -q -o app/target/zorgbrug.jar 'BOOT-INF/lib/*' -d "$LIB"
echo "disk before: $(df -h / | tail -1)"
flock "$LOCK" java -Xmx2g -cp "bench/target/classes:$LIB/BOOT-INF/lib/*" nl.zorgbrug.bench.IndexBenchmark \
  bench/target/bench-index "${1:-1000000}" "${2:-1,8}" "${3:-300}" "${4:-1000}" "${5:-0}"
