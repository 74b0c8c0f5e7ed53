#!/usr/bin/env bash
# Issue 3's benchmark: C-STORE of N CT images 512x512x16 over loopback, dcmtk storescu -> storescp as
# the baseline against our SCU and SCP in all combinations. Usage: bench/run-storage.sh [images=1000] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package -pl bench -am
java -Xmx512m -cp "bench/target/classes:dicom/target/classes" nl.zorgbrug.bench.StorageBenchmark \
  bench/target/bench-net "${1:-1000}" "${2:-3}"
