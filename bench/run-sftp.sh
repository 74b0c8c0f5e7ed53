#!/usr/bin/env bash
# Issue 21's benchmark: one study package (default 1024 MB) over SFTP on loopback into Debian's OpenSSH server, our
# transport (Apache MINA SSHD) against OpenSSH's own sftp client, same ZIP, same run.
# Usage: bench/run-sftp.sh [megabytes=1024] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
CPFILE="$PWD/bench/target/sftp-classpath.txt"
./mvnw -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=runtime \
  -pl bench -am
java -Xmx512m -cp "bench/target/classes:$(cat "$CPFILE")" nl.zorgbrug.bench.SftpBenchmark bench/target/bench-sftp \
  "${1:-1024}" "${2:-3}"
