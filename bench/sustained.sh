#!/usr/bin/env bash
# A sustained run: Vigil's full path (fixture plugins loaded) fed at a fixed rate for a long
# time, with heap, resident memory, journal size and index size sampled every second, to
# show whether memory stays flat. Writes docs/benchmarks-sustained.png and appends a line to
# docs/benchmarks.md.
#
#   bench/sustained.sh [--rate 20000] [--duration 10m] [--connections 4] [--no-append]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
RATE=20000 DURATION=10m CONNECTIONS=4 APPEND=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --no-append) APPEND=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
FIXTURES=${VIGIL_FIXTURES:-$ROOT/../shared/fixtures}
[ -d "$FIXTURES/logs" ] || { echo "sustained.sh: no fixtures at $FIXTURES (set VIGIL_FIXTURES)" >&2; exit 2; }
FIXTURES=$(cd "$FIXTURES" && pwd)
./vigil --version >/dev/null
JAVA="$(./vigil java-home)/bin/java"
read -ra JVM_FLAGS <<<"$(./vigil jvm-flags)"
VIGIL=("$JAVA" "${JVM_FLAGS[@]}" -jar "$ROOT/app/target/vigil.jar")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-sustained.XXXXXX")
VPID=
cleanup() { [ -n "$VPID" ] && kill "$VPID" 2>/dev/null; [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

DATA=$WORK/data TCP=$(free_port)
"${VIGIL[@]}" all-in-one --data "$DATA" --set bind=127.0.0.1 --set syslog.tcp.port="$TCP" --set syslog.udp.port="$(free_port)" \
  --set syslog.tls.port="$(free_port)" --set relp.port="$(free_port)" --set api.port="$(free_port)" \
  --set "content.paths=$FIXTURES/ossim/plugins,$FIXTURES/ossim/plugin_sids,$FIXTURES/ossim/agent" >"$WORK/vigil.log" 2>&1 &
VPID=$!
for _ in $(seq 1 300); do [ -f "$DATA/run/instance.json" ] && break; sleep 0.2; done
API=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$DATA/run/instance.json")
TOKEN=$(cat "$DATA/secrets/admin.token")

CSV=$WORK/sustained.csv
echo "seconds,events_per_second,heap_mb,rss_mb,journal_mb,index_mb" >"$CSV"
sample() {
  set +e # a sample that fails (a file merged away under du) is skipped, not the sampler
  local sec=0 last=0
  while kill -0 "$VPID" 2>/dev/null; do
    sleep 1; sec=$((sec + 1))
    local m; m=$(curl -s --cacert "$DATA/tls/api.crt" -H "Authorization: Bearer $TOKEN" "$API/metrics" || true)
    local heap; heap=$(awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}' <<<"$m")
    local stored; stored=$(awk '/^vigil_events_total/ && /stage="stored"/ {s+=$NF} END {printf "%.0f", s}' <<<"$m")
    local rss; rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$VPID/status")
    local journal; journal=$(du -sm "$DATA/journal" 2>/dev/null | cut -f1)
    local index; index=$(du -sm "$DATA/events" 2>/dev/null | cut -f1)
    echo "$sec,$((stored - last)),$heap,$rss,$journal,$index" >>"$CSV"
    last=$stored
  done
}
sample &
SAMPLER=$!

echo ">> sustained: $RATE events/s for $DURATION over $CONNECTIONS TCP connections" >&2
"${VIGIL[@]}" loadgen --data "$DATA" --target "127.0.0.1:$TCP" --fixtures "$FIXTURES" --rate "$RATE" --duration "$DURATION" \
  --connections "$CONNECTIONS" --format json --quiet --settle 60s >"$WORK/report.json"
kill "$VPID"; wait "$VPID" 2>/dev/null || true; VPID=
wait $SAMPLER 2>/dev/null || true

SUMMARY=$(python3 - "$WORK/report.json" "$CSV" <<'PY'
import csv, json, sys
r = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
n = len(rows)
def col(k, part):
    v = [float(x[k]) for x in part if x[k]]
    return (min(v), max(v), sum(v) / len(v)) if v else (0, 0, 0)
first, last = rows[: n // 10 or 1], rows[-(n // 10 or 1):]
h1, h2 = col("heap_mb", first), col("heap_mb", last)
r1, r2 = col("rss_mb", first), col("rss_mb", last)
j = col("journal_mb", rows)
print("sent %d, stored %d, lost %d; p50 %s ms, p99 %s ms to searchable; heap (mean) first tenth %.0f MiB, last tenth %.0f MiB; "
      "RSS first tenth %.0f MiB, last tenth %.0f MiB; journal at most %.0f MiB; index at the end %s MiB"
      % (r["sent"], r["stored"], r["lost"], r["latency"]["p50_ms"], r["latency"]["p99_ms"], h1[2], h2[2], r1[2], r2[2], j[1], rows[-1]["index_mb"]))
PY
)
echo "$SUMMARY"
if [ $APPEND = 1 ]; then
  bench/plot.sh --sustained docs/benchmarks-sustained.png "$CSV"
  {
    echo
    echo "### Sustained run, $(date -u +%Y-%m-%d): $RATE events/s for $DURATION"
    echo
    echo "Command: \`bench/sustained.sh --rate $RATE --duration $DURATION\`. $SUMMARY."
    echo
    echo "![sustained run](benchmarks-sustained.png)"
  } >>docs/benchmarks.md
fi
