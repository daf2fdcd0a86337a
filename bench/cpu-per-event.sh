#!/usr/bin/env bash
# Where the CPU of Vigil's full path goes, per stored event: an All-in-One with the fixture
# content, fed by the load generator flat out (a warm-up run, then the measured run), and
# the CPU time each of Vigil's threads used during the measured run divided by the events
# stored. Threads that come and go (Lucene's merges) are not listed: their share is the
# difference between the total and the sum of the rows. Prints; appends nothing.
#
#   bench/cpu-per-event.sh [--warm 300000] [--count 600000] [--jfr FILE] [--async-profiler FILE] [--set key=value ...]
#
# --jfr records the measured run with JDK Flight Recorder (profile settings) into FILE.
# --async-profiler samples the measured run with async-profiler (CPU time, every 1 ms) into
#   FILE as collapsed stacks, for bench/profile-stages.py. Its stacks are whole where JFR's
#   are often cut. ASYNC_PROFILER names libasyncProfiler.so: it is in the jar
#   tools.profiler:async-profiler:4.2:linux-x64 on Maven Central (linux-x64/ inside).
#   ASYNC_PROFILER_EVENT=event=alloc samples allocations instead of CPU time.
# --set is passed to vigil all-in-one, e.g. --set store.layout=events for an A/B.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WARM=300000 COUNT=600000 JFR= AP= SETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --warm) WARM=$2; shift 2 ;;
    --count) COUNT=$2; shift 2 ;;
    --jfr) JFR=$2; shift 2 ;;
    --async-profiler) AP=$2; shift 2 ;;
    --set) SETS+=(--set "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
FIXTURES=${VIGIL_FIXTURES:-$ROOT/../shared/fixtures}
[ -d "$FIXTURES/logs" ] || { echo "cpu-per-event.sh: no fixtures at $FIXTURES (set VIGIL_FIXTURES)" >&2; exit 2; }
FIXTURES=$(cd "$FIXTURES" && pwd)
if [ -n "$AP" ]; then
  [ -f "${ASYNC_PROFILER:-}" ] || { echo "cpu-per-event.sh: set ASYNC_PROFILER to libasyncProfiler.so (see the header of this script)" >&2; exit 2; }
  AP=$(cd "$(dirname "$AP")" && pwd)/$(basename "$AP")
fi
# VIGIL_JAR runs a given build (a copy of app/target/vigil.jar) as it is: for A/B runs while
# the sources change, which would make ./vigil rebuild.
if [ -n "${VIGIL_JAR:-}" ]; then JHOME=${JAVA_HOME:?set JAVA_HOME with VIGIL_JAR}; JAR=$VIGIL_JAR
else ./vigil --version >/dev/null; JHOME="$(./vigil java-home)"; JAR=$ROOT/app/target/vigil.jar; fi
# the options ./vigil runs it with (VIGIL_JVM_FLAGS overrides them, for an A/B of the options)
read -ra JVM_FLAGS <<<"${VIGIL_JVM_FLAGS-$(./vigil jvm-flags)}"
VIGIL=("$JHOME/bin/java" "${JVM_FLAGS[@]}" -jar "$JAR")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-cpu.XXXXXX")
VPID=
cleanup() { [ -n "$VPID" ] && kill "$VPID" 2>/dev/null; [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT

DATA=$WORK/data TCP=$(free_port)
"${VIGIL[@]}" all-in-one --data "$DATA" --set bind=127.0.0.1 --set syslog.tcp.port="$TCP" \
  --set syslog.udp.port="$(free_port)" --set syslog.tls.port="$(free_port)" --set relp.port="$(free_port)" \
  --set api.port="$(free_port)" \
  --set "content.paths=$FIXTURES/ossim/plugins,$FIXTURES/ossim/plugin_sids,$FIXTURES/ossim/agent,$FIXTURES/ossim/directives,$FIXTURES/sigma/rules" \
  "${SETS[@]}" >"$WORK/vigil.log" 2>&1 &
VPID=$!
for _ in $(seq 1 300); do [ -f "$DATA/run/instance.json" ] && break; sleep 0.2; done
[ -f "$DATA/run/instance.json" ] || { echo "vigil did not start:" >&2; cat "$WORK/vigil.log" >&2; exit 1; }

ticks() { awk '{print $14+$15}' "$1"; }
threads() { # a thread can end while it is read: skip it
  for t in /proc/"$VPID"/task/*; do
    local s c; s=$(ticks "$t/stat" 2>/dev/null) && c=$(tr ' ' '_' <"$t/comm" 2>/dev/null) && [ -n "$s" ] && echo "$(basename "$t") $s $c"
  done; }

load() { # count, name
  "${VIGIL[@]}" loadgen --data "$DATA" --target "127.0.0.1:$TCP" --fixtures "$FIXTURES" --count "$1" \
    --connections 4 --format json --quiet >"$WORK/$2.json"
}

echo ">> warm-up: $WARM messages" >&2
load "$WARM" warm
[ -n "$JFR" ] && "$JHOME/bin/jcmd" "$VPID" JFR.start name=measure settings=profile >/dev/null
# jcmd passes the agent's options as one argument only when they are quoted inside it
[ -n "$AP" ] && "$JHOME/bin/jcmd" "$VPID" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,${ASYNC_PROFILER_EVENT:-event=itimer,interval=1ms}\"" >/dev/null
echo ">> measured: $COUNT messages" >&2
threads >"$WORK/before"
total0=$(ticks /proc/"$VPID"/stat)
TIMEFORMAT='%U %S'
{ time load "$COUNT" measure; } 2>"$WORK/sender.time"
total1=$(ticks /proc/"$VPID"/stat)
threads >"$WORK/after"
[ -n "$JFR" ] && "$JHOME/bin/jcmd" "$VPID" JFR.dump name=measure filename="$JFR" >/dev/null
[ -n "$AP" ] && "$JHOME/bin/jcmd" "$VPID" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,file=$AP,collapsed\"" >/dev/null

python3 - "$WORK/measure.json" "$WORK/before" "$WORK/after" "$total0" "$total1" "$(getconf CLK_TCK)" "$(tail -1 "$WORK/sender.time")" <<'PY'
import collections, json, re, sys
report = json.load(open(sys.argv[1]))
before = {l.split()[0]: int(l.split()[1]) for l in open(sys.argv[2]) if l.strip()}
hz = int(sys.argv[6])
stored = report["stored"] or 1
us = lambda ticks: ticks * 1e6 / hz / stored
per = collections.Counter()
for line in open(sys.argv[3]):
    tid, t, name = line.split(None, 2)
    per[re.sub(r"\d+", "N", name.strip())] += int(t) - before.get(tid, 0)
total = int(sys.argv[5]) - int(sys.argv[4])
print(f"stored {report['stored']} of {report['sent']} at {report['stored_rate']} events/s; "
      f"Vigil used {us(total):.1f} us of CPU per stored event")
for name, t in per.most_common():
    if us(t) >= 0.1:
        print(f"  {us(t):6.1f} us  {name}")
print(f"  {us(total - sum(per.values())):6.1f} us  (threads that ended during the run: Lucene merges)")
user, system = (float(x) for x in sys.argv[7].split())
print(f"the load generator used {(user + system) * 1e6 / stored:.1f} us of CPU per stored event")
PY
