#!/usr/bin/env bash
# Issue 18's benchmark: the folder history scan (compliance scan) vs dcmdump once over the tree (one process) vs
# pydicom dcmread(stop_before_pixels=True), same files from the page cache, one run.
# Usage: bench/run-compliance-scan.sh [files=100000]. Hold the build lock while it measures:
#   flock /tmp/zorgbrug-build.lock bench/run-compliance-scan.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package -pl bench -am
cp="bench/target/classes:dicom/target/classes:bsn/target/classes:compliance/target/classes"
work=bench/target/bench-compliance
java -Xmx1g -cp "$cp" nl.zorgbrug.bench.ComplianceScanBenchmark "$work" "${1:-100000}" generate
java -Xmx1g -cp "$cp" nl.zorgbrug.bench.ComplianceScanBenchmark "$work" "${1:-100000}"
