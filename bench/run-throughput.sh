#!/usr/bin/env bash
# Issue 22's benchmark: the node's four throughput ratios on one machine, in one run (docs/benchmarks.md,
# "Throughput on one machine"): direct storescu -> storescp, the durable-receive floor (storescu -> Zorgbrug SCP
# with fsync per object), the node on PostgreSQL and on H2 (one association, and four storescu in parallel),
# four storescu in parallel direct, and CPU per image of the node against dcmtk's storescu + storescp.
# Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres, trust). Run it in the build lock:
#   flock /tmp/zorgbrug-build.lock bench/run-throughput.sh 1000
# Options through BENCH_OPTS: -Dbench.rounds=N, -Dbench.jars=main=/tmp/main.jar,new=app/target/zorgbrug.jar
# (node rows with each jar in turn, in the same run), -Dbench.dbs=postgres,h2, -Dbench.threads=true,
# -Dbench.node.jvm="..." (options for the node's JVM), -Dbench.node.jfr=DIR (a flight recording of each node's timed
# association, bench/src/main/jfr/node-cpu.jfc: where the CPU per image goes), -Dbench.node.perf=DIR (Linux perf's samples
# of the node's process then, kernel included), -Dbench.warmup.batches=M -Dbench.warmup.jit=F (warm the node with up to M
# batches until its JIT compiler takes less than F of its CPU; defaults 4 and 0.1; the steady state needs about 16 and
# 0.01). BENCH_WORK=DIR: the work folder (the node's spool, storescp's output, the images) elsewhere, e.g. on a
# journaled file system (docs/benchmarks.md, "A journaled file system, and a warm-up long enough for the JIT compiler").
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_NO_BUILD:-}" ]; then ./mvnw -q -B -o -DskipTests package -pl bench,app -am; fi
java -Xmx1g ${BENCH_OPTS:-} -cp "bench/target/classes:dicom/target/classes:bsn/target/classes:gateway/target/classes" \
  nl.zorgbrug.bench.ThroughputBenchmark "${BENCH_WORK:-bench/target/bench-gateway}" "${1:-1000}"
