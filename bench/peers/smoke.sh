#!/usr/bin/env bash
# smoke.sh [PER_CONNECTION] [CONNECTIONS]
# Smoke test of the three peers on this machine: start each on a loopback
# port, send PER_CONNECTION x CONNECTIONS messages (default 50000 x 4) with
# loggen over TCP as fast as it can, check that the output file ends up with
# exactly that many lines, and print loggen's send rate next to the
# end-to-end rate (until the last line is in the file); once with loggen's
# generated messages, once with real sshd/sudo fixture lines sent in a loop.
# Then checks the fields syslog-ng-patterndb extracts from those lines. Bounded: every wait has a timeout. Ports: PEER_PORT_BASE (25514)
# and the two after it; all traffic goes to 127.0.0.1.
set -euo pipefail

PER_CONN=${1:-50000}
CONNS=${2:-4}
TOTAL=$((PER_CONN * CONNS))
PORT_BASE=${PEER_PORT_BASE:-25514}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURES=${VIGIL_FIXTURES:-$HERE/../../../shared/fixtures/logs}

"$HERE/fetch.sh" >/dev/null
# shellcheck source=SCRIPTDIR/env.sh
. "$HERE/env.sh"
peers_check

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vigil-peers-smoke.XXXXXX")
CURRENT=
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  # Never leave a daemon behind, whatever failed.
  [ -z "$CURRENT" ] || "$HERE/stop.sh" "$CURRENT" || true
  rm -rf "$TMP"
}
trap cleanup EXIT

lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }

wait_lines() {
  # Waits until file $1 has $2 lines (at most $3 seconds); prints the time.
  local deadline=$((SECONDS + $3))
  while [ "$(lines "$1")" -lt "$2" ]; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
  date +%s.%N
}

# Fixture lines (sshd and sudo, with a PRI added) give the patterndb peer
# real parsing work; loggen's own generated lines match none of its rules.
FIXTURE=$TMP/fixture.txt
if [ -d "$FIXTURES" ]; then
  # <38> = auth.info, as sshd and sudo would send it.
  awk 'NF && !/^#/ { print "<38>" $0 }' "$FIXTURES/elastic+beats/system-auth-test.log" \
    "$FIXTURES/crowdsecurity+hub/sshd-success-logs/sshd-success-logs.log" \
    "$FIXTURES/crowdsecurity+hub/ssh-bf/ssh-bf.log" \
    "$FIXTURES/wazuh+wazuh/ruleset-testing/sudo.log" > "$FIXTURE"
else
  echo "no fixtures at $FIXTURES: fixture runs and the patterndb field check are skipped" >&2
  : > "$FIXTURE"
fi

run_peer() {
  # run_peer PEER PORT INPUT: INPUT is "generated" or a file of lines.
  local peer=$1 port=$2 input=$3 work out t0 t1 e2e got sent_rate loggen_pid
  local src=(--rate=100000000)
  work=$TMP/$peer out=$TMP/$peer.out
  rm -rf "$work" "$out"
  if [ "$input" != generated ]; then
    # Lines are sent verbatim, the file read again from the top when done.
    src+=(--read-file="$input" --loop-reading --dont-parse)
  fi
  "$HERE/start.sh" "$peer" "$port" "$out" "$work" >/dev/null
  CURRENT=$work
  t0=$(date +%s.%N)
  # --rate is per connection and defaults to 1000 msg/s: a huge value means
  # "as fast as possible". --number is per connection too. loggen runs in
  # the background because it only notices that its threads are done every
  # 0.5 s; the end-to-end time is taken when the last line is in the file.
  "$LOGGEN" --inet --stream --active-connections="$CONNS" --number="$PER_CONN" \
    "${src[@]}" 127.0.0.1 "$port" 2>"$TMP/loggen.err" &
  loggen_pid=$!
  if t1=$(wait_lines "$out" "$TOTAL" 120); then
    e2e=$(awk -v a="$t0" -v b="$t1" -v n="$TOTAL" 'BEGIN { printf "%.0f", n / (b - a) }')
  else
    e2e=timeout
  fi
  wait "$loggen_pid" || echo "loggen failed: $(tail -1 "$TMP/loggen.err")" >&2
  sent_rate=$(sed -n 's/^average rate = \([0-9.]*\) msg\/sec.*/\1/p' "$TMP/loggen.err" | tail -1)
  "$HERE/stop.sh" "$work"
  CURRENT=
  got=$(lines "$out")
  printf '%-22s %-11s %9d %9d %14s %16s\n' "$peer" "${input##*/}" "$TOTAL" "$got" "${sent_rate:-?}" "$e2e"
  if [ "$got" -ne "$TOTAL" ]; then
    echo "FAIL: $peer wrote $got lines, expected $TOTAL (loggen said: $(tail -1 "$TMP/loggen.err"))" >&2
    status=1
  fi
}

status=0
printf '%-22s %-11s %9s %9s %14s %16s\n' peer input sent written loggen_msg/s end_to_end_msg/s
for input in generated "$FIXTURE"; do
  [ "$input" = generated ] || [ -s "$input" ] || continue
  i=0
  for peer in syslog-ng syslog-ng-patterndb rsyslog; do
    run_peer "$peer" $((PORT_BASE + i)) "$input"
    i=$((i + 1))
  done
done

# Real sshd/sudo lines through the patterndb peer: the extracted fields must
# show up in the output.
if [ -s "$FIXTURE" ]; then
  port=$((PORT_BASE + 1)) work=$TMP/pdb out=$TMP/pdb.out
  n=$(lines "$FIXTURE")
  "$HERE/start.sh" syslog-ng-patterndb "$port" "$out" "$work" >/dev/null
  CURRENT=$work
  # --read-file sends the file's lines; --dont-parse sends them verbatim.
  "$LOGGEN" --inet --stream --read-file="$FIXTURE" --dont-parse \
    --number="$n" 127.0.0.1 "$port" 2>/dev/null || true
  wait_lines "$out" "$n" 20 >/dev/null || true
  "$HERE/stop.sh" "$work"
  CURRENT=
  for want in \
    'rule=ossim-4003-1 user=root src_ip=216.160.83.57 src_port=29160' \
    'rule=ossim-4003-3 user=test src_ip=10.0.2.2 src_port= ' \
    'rule=ossim-4003-7 user=vagrant src_ip=192.168.33.1 src_port=58803' \
    'rule=ossim-4003-8 user=vagrant src_ip=10.0.2.2 src_port=63673' \
    'rule=ossim-4005-3 user=dcid src_ip= src_port= run_as=root command=/sbin/chown dcid.dcid .' \
    'rule=ossim-4005-4 user=tsg ' \
    'rule=ossim-4005-9 user=mike '; do
    if ! grep -qF -- "$want" "$out"; then
      echo "FAIL: patterndb output lacks: $want" >&2
      status=1
    fi
  done
  echo "patterndb field check: $n fixture lines sent, $(lines "$out") written, $(grep -c 'rule=ossim' "$out") matched a rule"
fi
exit "$status"
