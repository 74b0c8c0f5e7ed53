#!/usr/bin/env bash
# Issue 17's benchmark: `zorgbrug audit verify` over a trail of N records (default 10 million) in the machine's
# PostgreSQL (127.0.0.1:5432, database test, a schema of its own, dropped afterwards), records/s.
# Usage: bench/run-audit-verify.sh [records=10000000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package -pl bench,app -am
CP="bench/target/classes:dicom/target/classes:bsn/target/classes:gateway/target/classes:audit/target/classes"
CP="$CP:$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)"
java -Xmx512m -cp "$CP" nl.zorgbrug.bench.AuditVerifyBenchmark bench/target/bench-audit "${1:-10000000}"
