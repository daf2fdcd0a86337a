#!/usr/bin/env bash
# Server time of the console's pages over a large store: fills a data directory with N events
# (default 10 million) once, starts Vigil on it, and times each page 20 times with curl (time
# from the request sent to the first byte back, so the network and the TLS handshake are left
# out). Not run by CI. Results go to docs/benchmarks.md by hand.
#
#   bench/console-pages.sh [--count N] [--data DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
COUNT=10000000
DATA=/tmp/vigil-console-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
FIXTURES=${VIGIL_FIXTURES:-$(cd .. && pwd)/shared/fixtures}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
./vigil --version >/dev/null
[ -f bench/target/benchmarks.jar ] || ./mvnw -B -q -DskipTests -pl bench -am package
if [ ! -f "$DATA/.filled-$COUNT" ]; then
  rm -rf "$DATA"; mkdir -p "$DATA"
  "$JAVA" -Xmx4g -Dvigil.fixtures="$FIXTURES" -cp bench/target/benchmarks.jar io.vigil.bench.FillStore "$DATA" "$COUNT"
  touch "$DATA/.filled-$COUNT"
fi
PORT=$((20000 + RANDOM % 20000))
./vigil all-in-one --data "$DATA" --set bind=127.0.0.1 --set api.port=$PORT --set syslog.udp.port=0 --set syslog.tcp.port=0 \
  --set syslog.tls.port=0 --set relp.port=0 >"$DATA/vigil.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -f "$DATA/run/instance.json" ] && grep -q "\"pid\" : $PID" "$DATA/run/instance.json" && break; sleep 1; done
TOKEN=$(cat "$DATA/secrets/admin.token")
BASE=https://127.0.0.1:$PORT
echo "store: $(curl -sk -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/events/count?since=30d")"
page() {
  local name=$1 path=$2 times=()
  for i in $(seq 1 21); do
    t=$(curl -sk -o /dev/null -H "Authorization: Bearer $TOKEN" -w '%{time_pretransfer} %{time_starttransfer}' "$BASE$path" | awk '{printf "%.1f", ($2-$1)*1000}')
    [ "$i" -gt 1 ] && times+=("$t") # the first request warms the JIT and the caches
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$name" -v p="$path" '{a[NR]=$1} END {printf "| %s | `%s` | %s ms | %s ms |\n", n, p, a[int(NR/2)+1], a[int(NR*0.9)]}'
}
echo "| page | request | median | p90 |"
echo "|---|---|---:|---:|"
page "events, newest 100 of all" "/events?since=30d"
page "events, a field query" "/events?q=app:sshd&since=30d"
page "events, a term in the raw log" "/events?q=failed&since=30d"
page "events, a phrase" "/events?q=%22Failed%20password%22&since=30d"
page "dashboard" "/"
page "alarms" "/alarms"
