#!/usr/bin/env bash
# Issue 5's benchmark: a CT study through the gateway with the export swap, against storescu -> storescp
# direct, against the node as deployed (bin/zorgbrug serve, H2) and against Orthanc routing with a Lua
# script; then emergency-mode latency, heap and RSS.
# Usage: bench/run-gateway.sh [images=2000]
# Quick comparisons: BENCH_OPTS="-Dbench.rows=gateway,node -Dbench.rounds=3" bench/run-gateway.sh 1000
# (rows: direct, gateway, node, node-noaudit, postgres, postgres-noaudit, orthanc, latency; -Dbench.node.jvm="..." adds
# options to the node's JVM; each node is warmed with up to -Dbench.warmup.batches=4 batches of as many images as are
# measured, until its JIT compiler is mostly done; issue 17's on/off ratio: -Dbench.rows=node,node-noaudit).
set -euo pipefail
cd "$(dirname "$0")/.."
# The app jar too: one row runs the node as a hospital does (java -jar zorgbrug.jar serve).
./mvnw -q -B -DskipTests package -pl bench,app -am
java -Xmx1g ${BENCH_OPTS:-} -cp "bench/target/classes:dicom/target/classes:bsn/target/classes:gateway/target/classes" \
  nl.zorgbrug.bench.GatewayBenchmark bench/target/bench-gateway "${1:-2000}"
