#!/usr/bin/env bash
# Side-by-side: Vigil (full path: normalization and correlation with the fixture content;
# receive-only) and the syslog daemons a user would pick instead (syslog-ng, with and
# without patterndb; rsyslog), fed by the same sender (vigil loadgen: same corpus, same
# connection count) in one run on this machine; plus syslog-ng's own loggen against Vigil. Prints each system's rate and its ratio to Vigil's full path,
# appends the result to docs/benchmarks.md and draws docs/benchmarks-compare.png.
#
#   bench/compare.sh [--count N] [--connections N] [--quick] [--no-append]
#
# Each Vigil instance is measured twice with the same count: first on a fresh JVM (the
# cold run includes its JIT compiling the engines, about 20 CPU-seconds), then again in
# the same process (warm: the steady state of an appliance that runs for months). On JDK 25+
# they start with the build's AOT cache (./vigil records one at a build's first server run);
# when the build has none yet, that first run is measured first, on its own row, and records it.
#
# --quick: a small run (20,000 messages) that checks the whole script works; nothing appended.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

COUNT=1000000
CONNECTIONS=4
APPEND=1
QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --quick) QUICK=1; COUNT=20000; APPEND=0; shift ;;
    --no-append) APPEND=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

FIXTURES=${VIGIL_FIXTURES:-$ROOT/../shared/fixtures}
[ -d "$FIXTURES/logs" ] || { echo "compare.sh: no fixtures at $FIXTURES (set VIGIL_FIXTURES)" >&2; exit 2; }
FIXTURES=$(cd "$FIXTURES" && pwd)

./vigil --version >/dev/null # builds the jar when the sources are newer
JAVA="$(./vigil java-home)/bin/java"
read -ra JVM_FLAGS <<<"$(./vigil jvm-flags)"
VIGIL=("$JAVA" "${JVM_FLAGS[@]}" -jar "$ROOT/app/target/vigil.jar")
FULL_CONTENT="content.paths=$FIXTURES/ossim/plugins,$FIXTURES/ossim/plugin_sids,$FIXTURES/ossim/agent,$FIXTURES/ossim/directives,$FIXTURES/sigma/rules"

bench/peers/fetch.sh >/dev/null
# shellcheck source=peers/env.sh
source bench/peers/env.sh
peers_check || exit 2 # before the Vigil runs, not minutes into them (rsyslog is .ci/run's package)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-compare.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for d in "$WORK"/peer-*; do [ -d "$d" ] && bench/peers/stop.sh "$d" >/dev/null 2>&1 || true; done
  [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

declare -A RATE NOTE
ORDER=()

# Vigil All-in-One on fresh ports and a fresh data directory: sets DATA, TCP and VPID.
start_vigil() { # name, extra --set args...
  local name=$1; shift
  DATA=$WORK/vigil-$name
  TCP=$(free_port)
  "${VIGIL[@]}" all-in-one --data "$DATA" --set bind=127.0.0.1 --set syslog.tcp.port="$TCP" \
    --set syslog.udp.port="$(free_port)" --set syslog.tls.port="$(free_port)" --set relp.port="$(free_port)" \
    --set api.port="$(free_port)" "$@" >"$WORK/vigil-$name.log" 2>&1 &
  VPID=$!
  PIDS+=("$VPID")
  for _ in $(seq 1 300); do [ -f "$DATA/run/instance.json" ] && break; sleep 0.2; done
  [ -f "$DATA/run/instance.json" ] || { echo "vigil ($name) did not start:" >&2; cat "$WORK/vigil-$name.log" >&2; exit 1; }
}

stop_vigil() { kill "$VPID"; wait "$VPID" 2>/dev/null || true; }

run_vigil() { # name, label, extra --set args...
  local name=$1 label=$2; shift 2
  start_vigil "$name" "$@"
  local data=$DATA tcp=$TCP
  measure_vigil "$name" "$label" "$data" "$tcp"
  measure_vigil "$name-warm" "$label, warm JVM" "$data" "$tcp"
  stop_vigil
}

measure_vigil() { # name, label, data dir, tcp port
  local name=$1 label=$2 data=$3 tcp=$4
  echo ">> $label: vigil loadgen, $COUNT messages, $CONNECTIONS connections" >&2
  "${VIGIL[@]}" loadgen --data "$data" --target "127.0.0.1:$tcp" --fixtures "$FIXTURES" --count "$COUNT" \
    --connections "$CONNECTIONS" --format json --quiet --csv "$WORK/$name.csv" --label "$label" >"$WORK/$name.json"
  RATE[$label]=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["stored_rate"] or 0)' "$WORK/$name.json")
  NOTE[$label]=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); l=r["latency"]; print("stored %d of %d, lost %d; p50 %s ms, p99 %s ms to searchable" % (r["stored"], r["sent"], r["lost"], l["p50_ms"], l["p99_ms"]))' "$WORK/$name.json")
  ORDER+=("$label")
}

# Counts OUT's lines each second until it has all COUNT, writing the per-second CSV and the final count.
follow_file() { # out, label, csv
  local out=$1 label=$2 csv=$3 last=0 sec=0 n=0 idle=0
  echo "system,seconds,events_per_second" >"$csv"
  while :; do
    sleep 1; sec=$((sec + 1))
    n=$( (wc -l <"$out") 2>/dev/null || echo 0)
    echo "$label,$sec,$((n - last))" >>"$csv"
    if [ "$n" -ge "$COUNT" ]; then break; fi
    if [ "$n" -eq "$last" ]; then idle=$((idle + 1)); else idle=0; fi
    [ $idle -lt 30 ] || break
    last=$n
  done
  echo "$n" >"$csv.count"
}

run_peer() { # name (start.sh's), label
  local name=$1 label=$2 port out dir
  port=$(free_port); dir=$WORK/peer-$name; out=$dir/out.log
  mkdir -p "$dir"
  bench/peers/start.sh "$name" "$port" "$out" "$dir" >/dev/null
  echo ">> $label: vigil loadgen, $COUNT messages, $CONNECTIONS connections" >&2
  "${VIGIL[@]}" loadgen --peer --target "127.0.0.1:$port" --fixtures "$FIXTURES" --count "$COUNT" \
    --connections "$CONNECTIONS" --format json --quiet >"$WORK/$name.json" &
  local sender=$!
  follow_file "$out" "$label" "$WORK/$name.csv" >/dev/null
  wait $sender
  # from the sender's first message (its report says when) to the last line written
  RATE[$label]=$(python3 -c 'import json,os,sys; r=json.load(open(sys.argv[1])); n=int(open(sys.argv[2]).read()); e=os.stat(sys.argv[3]).st_mtime; print(round(n/max(e-r["started_ms"]/1000,1e-3)))' "$WORK/$name.json" "$WORK/$name.csv.count" "$out")
  local got; got=$(cat "$WORK/$name.csv.count")
  NOTE[$label]="wrote $got of $COUNT lines"
  ORDER+=("$label")
  bench/peers/stop.sh "$dir" >/dev/null
}

run_loggen() { # syslog-ng's own sender against Vigil's full path
  local label="loggen -> vigil (full path)"
  start_vigil loggen --set "$FULL_CONTENT"
  local data=$DATA tcp=$TCP
  local per=$((COUNT / CONNECTIONS))
  echo ">> $label: loggen, $((per * CONNECTIONS)) messages, $CONNECTIONS connections" >&2
  local start; start=$(date +%s%N)
  "$LOGGEN" --inet --stream --active-connections="$CONNECTIONS" --number="$per" --rate=100000000 127.0.0.1 "$tcp" >"$WORK/loggen.out" 2>&1 || true
  local token; token=$(cat "$data/secrets/admin.token")
  local api; api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"])' "$data/run/instance.json")
  local n=0 last=-1 idle=0
  while [ "$n" -lt $((per * CONNECTIONS)) ] && [ $idle -lt 30 ]; do
    sleep 0.5
    n=$(curl -s --cacert "$data/tls/api.crt" -H "Authorization: Bearer $token" "$api/api/v1/events/count?q=*" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
    if [ "$n" = "$last" ]; then idle=$((idle + 1)); else idle=0; fi
    last=$n
  done
  local end; end=$(date +%s%N)
  RATE[$label]=$(python3 -c 'import sys; print(round(int(sys.argv[1])/((int(sys.argv[3])-int(sys.argv[2]))/1e9)))' "$n" "$start" "$end")
  NOTE[$label]="stored $n of $((per * CONNECTIONS)) (loggen: $(grep -Eo 'average rate = [0-9.]+ msg/sec' "$WORK/loggen.out" | tail -1 || echo '?'))"
  ORDER+=("$label")
  stop_vigil
}

# The AOT cache (JDK 25+): the launcher records one at the first run of a build's server, and
# every later start reads it (README, "Two commands"). An appliance in service has run before;
# when this build has no cache yet, its first run is measured on a row of its own, started
# through the launcher, which records the cache as it stops. VIGIL_AOT=0: no cache at all.
first_run() {
  local VIGIL=(./vigil) # start_vigil and measure_vigil go through the launcher here
  start_vigil first --set "$FULL_CONTENT"
  measure_vigil first "vigil (full path), first run of this build (records its AOT cache)" "$DATA" "$TCP"
  stop_vigil # the JVM writes the cache as it exits
}
AOT_STATE=0
CACHE=$(./vigil aot-cache) || AOT_STATE=$? # 2: no AOT cache on this JDK, or VIGIL_AOT=0
if [ $QUICK = 0 ] && [ $AOT_STATE = 0 ] && [ -z "$CACHE" ]; then
  first_run
  read -ra JVM_FLAGS <<<"$(./vigil jvm-flags)" # the launcher checks the recording and takes it
  VIGIL=("$JAVA" "${JVM_FLAGS[@]}" -jar "$ROOT/app/target/vigil.jar")
  CACHE=$(./vigil aot-cache)
fi
AOT_NOTE="Vigil ran without an AOT cache."
[ -z "${CACHE:-}" ] || AOT_NOTE="Vigil's instances started with this build's AOT cache, recorded by its first run (README)."

run_vigil full "vigil (full path)" --set "$FULL_CONTENT"
run_vigil receive "vigil (receive-only)" --set normalize.enabled=false --set correlation.enabled=false
run_peer syslog-ng "syslog-ng (to file)"
run_peer syslog-ng-patterndb "syslog-ng + patterndb"
run_peer rsyslog "rsyslog (to file)"
run_loggen

BASE=${RATE["vigil (full path)"]}
TABLE="| system | events/s | ratio to Vigil full path | notes |"$'\n'"|---|---:|---:|---|"
for s in "${ORDER[@]}"; do
  r=${RATE[$s]}
  ratio=$(python3 -c 'import sys; b=float(sys.argv[1]); print("%.2f" % (float(sys.argv[2])/b) if b else "-")' "$BASE" "$r")
  TABLE+=$'\n'"| $s | $(python3 -c 'import sys; print(format(int(sys.argv[1]), ","))' "$r") | $ratio | ${NOTE[$s]} |"
done
echo
echo "$TABLE"

MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, $("$JAVA" -version 2>&1 | head -1)"
CMD="bench/compare.sh --count $COUNT --connections $CONNECTIONS"
[ $QUICK = 1 ] && CMD="bench/compare.sh --quick"
echo "machine: $MACHINE"

if [ $APPEND = 1 ]; then
  PNG=docs/benchmarks-compare.png
  bench/plot.sh "$PNG" "$WORK"/full.csv "$WORK"/full-warm.csv "$WORK"/receive.csv "$WORK"/receive-warm.csv "$WORK"/syslog-ng.csv "$WORK"/syslog-ng-patterndb.csv "$WORK"/rsyslog.csv
  {
    echo
    echo "### Side by side, $(date -u +%Y-%m-%d)"
    echo
    echo "Machine: $MACHINE. Command: \`$CMD\` ($COUNT messages from the fixture corpus over TCP, $CONNECTIONS connections,"
    echo "sender on the same machine). Rate = messages / (first sent to last stored or written); a \"warm JVM\" row is the"
    echo "same instance measured a second time, after its first run compiled the hot code. $AOT_NOTE"
    echo
    echo "$TABLE"
    echo
    echo "![events per second over time]($(basename "$PNG"))"
  } >>docs/benchmarks.md
  echo "appended to docs/benchmarks.md; plot in $PNG"
fi
