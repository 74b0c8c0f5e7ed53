#!/usr/bin/env bash
# Issue 18's PACS-scan benchmark: N studies (one CT instance each) in an Orthanc started here, then the PACS scan as
# `bin/zorgbrug compliance scan --pacs` runs it: at the default throttle (5 requests/s) over one month, and with the
# throttle off over the whole archive (C-GET), and over one year of it (C-MOVE; C-GET with 1 and 2 associations), beside
# dcmtk's findscu asking the whole archive at STUDY level once (the floor: one query, no per-study work).
# Usage: bench/run-pacs-scan.sh [studies=10000]. Hold the build lock while it measures:
#   flock /tmp/zorgbrug-build.lock bench/run-pacs-scan.sh 10000
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
./mvnw -q -B -DskipTests package -pl bench -am
cp="bench/target/classes:dicom/target/classes:bsn/target/classes:compliance/target/classes:gateway/target/classes"
work="$PWD/bench/target/bench-pacs-scan"
rm -rf "$work" && mkdir -p "$work/db"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http=$(free_port); dicom=$(free_port); move=$(free_port)
# Orthanc 1.10 as installed, knowing our AE title (query, retrieve, and as C-MOVE destination on $move).
cat > "$work/orthanc.json" <<JSON
{ "Name": "zorgbrug-bench", "StorageDirectory": "$work/db", "IndexDirectory": "$work/db",
  "HttpPort": $http, "DicomPort": $dicom, "DicomAet": "ORTHANC", "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false, "Plugins": [], "SaveJobs": false,
  "DicomModalities": { "zb": [ "ZBBENCH", "127.0.0.1", $move ] } }
JSON
TCP_NODELAY=1 /usr/sbin/Orthanc --no-jobs "$work/orthanc.json" > "$work/orthanc.log" 2>&1 &
orthanc=$!
trap 'kill $orthanc 2>/dev/null || true' EXIT
for i in $(seq 100); do curl -sf "http://127.0.0.1:$http/system" > /dev/null && break; sleep 0.2; done
java -cp "$cp" nl.zorgbrug.bench.PacsScanBenchmark generate "$work/files" "$n"
start=$(date +%s.%N)
storescu -aet ZBBENCH -aec ORTHANC +sd +r 127.0.0.1 "$dicom" "$work/files"
echo "loaded $n studies with storescu in $(python3 -c "print(round($(date +%s.%N)-$start, 1))") s"
curl -s "http://127.0.0.1:$http/statistics" | tr -d '\n ' ; echo
run() { java -Xmx512m -cp "$cp" nl.zorgbrug.bench.PacsScanBenchmark scan "$dicom" "$@" "$move" | grep RESULT; }
start=$(date +%s.%N)
findscu -v -S -aet ZBBENCH -aec ORTHANC -k QueryRetrieveLevel=STUDY -k StudyInstanceUID -k StudyDate -k PatientID \
  127.0.0.1 "$dicom" 2>&1 | grep -c "Pending" | sed 's/^/findscu STUDY-level answers: /'
echo "findscu once over the archive: $(python3 -c "import sys; print(round($(date +%s.%N)-$start, 2))") s"
echo "default throttle (5 requests/s), one month:"; run 2016-01-01 2016-01-31 5 AUTO 1
echo "throttle off, C-GET, whole archive:";        run 2016-01-01 2025-12-31 0 GET 1
echo "throttle off, C-MOVE, 2016:";                run 2016-01-01 2016-12-31 0 MOVE 1
echo "throttle off, C-GET, 2016, 1 association:";  run 2016-01-01 2016-12-31 0 GET 1
echo "throttle off, C-GET, 2016, 2 associations:"; run 2016-01-01 2016-12-31 0 GET 2
