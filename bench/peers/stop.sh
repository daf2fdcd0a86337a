#!/usr/bin/env bash
# stop.sh WORKDIR
# Stops the peer that start.sh started from WORKDIR: SIGTERM, up to 15 s for
# it to flush its output file and exit, then SIGKILL.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 2; }
PIDFILE=$1/peer.pid
[ -f "$PIDFILE" ] || { echo "stop.sh: no $PIDFILE: nothing to stop" >&2; exit 0; }
PID=$(cat "$PIDFILE")

alive() {
  # A zombie (already exited, not yet reaped) counts as gone.
  kill -0 "$PID" 2>/dev/null &&
    [ "$(awk '{print $3}' "/proc/$PID/stat" 2>/dev/null || echo Z)" != Z ]
}

if alive; then
  kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq 150); do
    alive || break
    sleep 0.1
  done
  if alive; then
    echo "stop.sh: pid $PID still running after 15 s, sending SIGKILL" >&2
    kill -KILL "$PID" 2>/dev/null || true
  fi
fi
rm -f "$PIDFILE"
