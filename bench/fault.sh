#!/usr/bin/env bash
# The fault run: rsyslog forwards over RELP (omrelp) at full speed while Vigil is killed with
# SIGKILL and restarted twice. Every message is unique, so the result is exact: events lost
# and events stored twice, both of which must be 0. UDP is measured too, at a fixed rate
# without faults, and its loss reported as it is. Appends the result to docs/benchmarks.md.
#
#   bench/fault.sh [--count 300000] [--no-append]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
COUNT=300000 APPEND=1 UDP_RATE=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --no-append) APPEND=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v rsyslogd >/dev/null || { echo "fault.sh needs rsyslogd with omrelp (apt-get install rsyslog rsyslog-relp)" >&2; exit 2; }
./vigil --version >/dev/null
JAVA="$(./vigil java-home)/bin/java"
read -ra JVM_FLAGS <<<"$(./vigil jvm-flags)"
VIGIL=("$JAVA" "${JVM_FLAGS[@]}" -jar "$ROOT/app/target/vigil.jar")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-fault.XXXXXX")
VPID= RPID=
cleanup() {
  [ -n "$VPID" ] && kill -9 "$VPID" 2>/dev/null
  [ -n "$RPID" ] && kill "$RPID" 2>/dev/null
  [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

DATA=$WORK/data TCP=$(free_port) UDP=$(free_port) RELP=$(free_port) API=$(free_port) IN=$(free_port)
start_vigil() {
  "${VIGIL[@]}" all-in-one --data "$DATA" --set bind=127.0.0.1 --set syslog.tcp.port="$TCP" --set syslog.udp.port="$UDP" \
    --set syslog.tls.port="$(free_port)" --set relp.port="$RELP" --set api.port="$API" >>"$WORK/vigil.log" 2>&1 &
  VPID=$!
  for _ in $(seq 1 300); do
    [ -f "$DATA/run/instance.json" ] && grep -q "\"pid\" *: *$VPID" "$DATA/run/instance.json" && return
    sleep 0.2
  done
  echo "vigil did not start" >&2; tail -20 "$WORK/vigil.log" >&2; exit 1
}
api() { curl -s --cacert "$DATA/tls/api.crt" -H "Authorization: Bearer $(cat "$DATA/secrets/admin.token")" "https://127.0.0.1:$API$1"; }
journaled() { api /api/v1/status | python3 -c 'import json,sys; print(json.load(sys.stdin)["collectors"]["relp"]["journaled"])' 2>/dev/null || echo 0; }

# Unique messages: the fixture corpus would repeat lines.
python3 -c 'import sys
for i in range(int(sys.argv[1])): print("Nov 25 10:00:00 src fault[%d]: fault run message %09d payload" % (i % 1000, i))' "$COUNT" >"$WORK/corpus.log"

start_vigil
mkdir -p "$WORK/rsyslog"
cat >"$WORK/rsyslog/rsyslog.conf" <<CONF
global(workDirectory="$WORK/rsyslog")
module(load="imtcp")
module(load="omrelp")
input(type="imtcp" address="127.0.0.1" port="$IN")
action(type="omrelp" target="127.0.0.1" port="$RELP" action.resumeRetryCount="-1" action.resumeInterval="1"
       queue.type="LinkedList" queue.size="$((COUNT + 100000))" queue.dequeueBatchSize="128")
# (a batch larger than omrelp's window of 128 makes omrelp stall: measured 8x slower)
CONF
rsyslogd -n -f "$WORK/rsyslog/rsyslog.conf" -i "$WORK/rsyslog/pid" >"$WORK/rsyslog/out" 2>&1 &
RPID=$!
for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$IN") 2>/dev/null && break; sleep 0.2; done

echo ">> fault run: $COUNT unique messages, loadgen -> rsyslog (TCP) -> omrelp -> vigil, SIGKILL twice" >&2
START=$(date +%s)
"${VIGIL[@]}" loadgen --peer --target "127.0.0.1:$IN" --corpus "$WORK/corpus.log" --corpus-size "$COUNT" --attack-share 0 \
  --count "$COUNT" --connections 4 --run fault --format json --quiet >"$WORK/send.json"
KILLS=0 BASE=0
for third in 1 2; do
  # counters restart with the process: add what the previous ones had journaled
  while now=$(journaled); [ $((BASE + now)) -lt $((COUNT * third / 3)) ]; do sleep 0.1; done
  kill -9 "$VPID"; wait "$VPID" 2>/dev/null || true; KILLS=$((KILLS + 1))
  BASE=$((BASE + now))
  echo "   killed vigil (SIGKILL) with about $BASE journaled in all; restarting" >&2
  sleep 2
  start_vigil
done
# wait until everything is stored (or nothing moves for 60 s)
last=-1 idle=0
while :; do
  n=$(api "/api/v1/events/count?q=app:fault" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
  [ "$n" -ge "$COUNT" ] && break
  if [ "$n" = "$last" ]; then idle=$((idle + 1)); else idle=0; fi
  [ $idle -lt 120 ] || break
  last=$n; sleep 0.5
done
# every stored message, read back page by page: how many distinct, how many twice
RESULT=$(python3 - "$DATA" "$API" "$COUNT" <<'PY'
import json, ssl, sys, urllib.request, urllib.parse
data, port, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=data + "/tls/api.crt"); ctx.check_hostname = False
token = open(data + "/secrets/admin.token").read().strip()
seen, total, cursor = {}, 0, None
while True:
    q = {"q": "app:fault", "limit": "10000", "order": "asc"}
    if cursor: q["cursor"] = cursor
    req = urllib.request.Request("https://127.0.0.1:%s/api/v1/events?%s" % (port, urllib.parse.urlencode(q)), headers={"Authorization": "Bearer " + token})
    page = json.load(urllib.request.urlopen(req, context=ctx))
    for e in page["events"]:
        key = e.get("message", "").split("fault run message ")[-1][:9]
        seen[key] = seen.get(key, 0) + 1
        total += 1
    cursor = page.get("next")
    if not cursor or not page["events"]: break
dups = sum(c - 1 for c in seen.values())
print("%d %d %d" % (total, count - len(seen), dups))
PY
)
read -r STORED LOST DUPS <<<"$RESULT"
RETRANS=$(api /api/v1/status | python3 -c 'import json,sys; print(json.load(sys.stdin)["collectors"]["relp"]["dropped"].get("retransmitted_duplicate", 0))' 2>/dev/null || echo "?")
SECS=$(( $(date +%s) - START ))
echo "relp fault run: sent $COUNT, stored $STORED, lost $LOST, duplicated $DUPS, $KILLS SIGKILLs, $SECS s; retransmissions recognised and dropped since the last start: $RETRANS"

# UDP: no faults, a fixed rate; whatever the kernel or Vigil drops is counted, not hidden
"${VIGIL[@]}" loadgen --data "$DATA" --target "127.0.0.1:$UDP" --protocol udp --connections 1 --rate "$UDP_RATE" --count $((UDP_RATE * 10)) \
  --fixtures "${VIGIL_FIXTURES:-$ROOT/../shared/fixtures}" --run udpfault --probes 0 --settle 20s --format json --quiet >"$WORK/udp.json" || true
UDPLINE=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("udp at %d/s for 10 s: sent %d, stored %d, lost %d (%.2f%%)" % (r["rate_target"], r["sent"], r["stored"], r["lost"], 100.0*r["lost"]/max(1,r["sent"])))' "$WORK/udp.json" 2>/dev/null || echo "udp run failed")
echo "$UDPLINE"

if [ $APPEND = 1 ]; then
  {
    echo
    echo "### Fault run, $(date -u +%Y-%m-%d)"
    echo
    echo "Command: \`bench/fault.sh --count $COUNT\`. rsyslog $(rsyslogd -v | head -1 | awk '{print $2}' | tr -d ,) omrelp at full speed, Vigil killed with SIGKILL"
    echo "and restarted twice: sent $COUNT, stored $STORED, **lost $LOST, duplicated $DUPS** ($SECS s)."
    echo "$UDPLINE."
  } >>docs/benchmarks.md
fi
[ "$LOST" = 0 ] && [ "$DUPS" = 0 ]
