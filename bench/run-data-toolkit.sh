#!/usr/bin/env bash
# Issue 2's benchmark: header-only parse (ours vs dcmdump loop vs pydicom) and streaming rewrite
# of a 1 GiB object (ours vs cp). Usage: bench/run-data-toolkit.sh [files=10000] [MiB=1024]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package -pl bench -am
java -Xmx512m -cp "bench/target/classes:dicom/target/classes" nl.zorgbrug.bench.DataToolkitBenchmark \
  bench/target/bench-data "${1:-10000}" "${2:-1024}"
