#!/usr/bin/env bash
# Issue 5's benchmark: a CT study through the gateway with the export swap, against storescu -> storescp
# direct and against Orthanc routing with a Lua script; then emergency-mode latency, heap and RSS.
# Usage: bench/run-gateway.sh [images=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package -pl bench -am
java -Xmx1g -cp "bench/target/classes:dicom/target/classes:bsn/target/classes:gateway/target/classes" \
  nl.zorgbrug.bench.GatewayBenchmark bench/target/bench-gateway "${1:-2000}"
