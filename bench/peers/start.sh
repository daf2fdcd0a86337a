#!/usr/bin/env bash
# start.sh NAME PORT OUTFILE WORKDIR
#   NAME: syslog-ng | syslog-ng-patterndb | rsyslog
# Writes the peer's config into WORKDIR from the template beside this script,
# starts the daemon in the background listening on 127.0.0.1:PORT (TCP and
# UDP), each received message written as one line to OUTFILE; waits until
# the TCP port accepts connections (20 s at most) and prints the daemon's
# PID on stdout. Everything the daemon writes (pid, persist, control socket,
# its own log) stays in WORKDIR; stop it with stop.sh WORKDIR.
set -euo pipefail

usage() { echo "usage: $0 syslog-ng|syslog-ng-patterndb|rsyslog PORT OUTFILE WORKDIR" >&2; exit 2; }
die() { echo "start.sh: $*" >&2; exit 1; }

[ $# -eq 4 ] || usage
NAME=$1 PORT=$2 OUTFILE=$3 WORKDIR=$4
case "$NAME" in syslog-ng|syslog-ng-patterndb|rsyslog) ;; *) usage ;; esac
case "$PORT" in ''|*[!0-9]*) die "PORT must be a number: $PORT" ;; esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/env.sh
. "$HERE/env.sh"

mkdir -p "$WORKDIR" "$(dirname "$OUTFILE")"
# Absolute paths: the daemons may change directory.
WORKDIR=$(cd "$WORKDIR" && pwd)
OUTFILE=$(cd "$(dirname "$OUTFILE")" && pwd)/$(basename "$OUTFILE")

port_open() {
  # bash's /dev/tcp: true when something accepts on 127.0.0.1:PORT.
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

render() {
  # Fill the @...@ placeholders with plain string replacement (no sed, so
  # paths with / or & need no escaping).
  local text
  text=$(cat "$1")
  text=${text//@PORT@/$PORT}
  text=${text//@OUTFILE@/$OUTFILE}
  text=${text//@WORKDIR@/$WORKDIR}
  text=${text//@PATTERNDB@/$HERE/patterndb.xml}
  printf '%s\n' "$text" > "$2"
}

if [ -f "$WORKDIR/peer.pid" ] && kill -0 "$(cat "$WORKDIR/peer.pid")" 2>/dev/null; then
  die "a peer is already running from $WORKDIR (pid $(cat "$WORKDIR/peer.pid")); stop.sh it first"
fi
# Without this check the wait below could succeed on someone else's port.
port_open && die "127.0.0.1:$PORT is already in use"

CONF=$WORKDIR/$NAME.conf
LOG=$WORKDIR/daemon.log
render "$HERE/$NAME.conf.in" "$CONF"

# stdin/stdout/stderr are redirected so that a caller's $(start.sh ...) does
# not wait for the daemon to close its stdout.
case "$NAME" in
  syslog-ng|syslog-ng-patterndb)
    peers_check
    # -F: stay in the foreground (we background it ourselves);
    # --no-caps: no capability juggling, runs the same as root or not;
    # -R/-p/-c: persist file, pid file and control socket in WORKDIR instead
    # of /var/lib/syslog-ng; -e: its own messages go to daemon.log.
    "$SYSLOG_NG" -F -e --no-caps -f "$CONF" \
      --module-path="$SYSLOG_NG_MODULES" \
      -R "$WORKDIR/syslog-ng.persist" -p "$WORKDIR/syslog-ng.pid" \
      -c "$WORKDIR/syslog-ng.ctl" \
      </dev/null >"$LOG" 2>&1 &
    ;;
  rsyslog)
    [ -x "$RSYSLOGD" ] || die "rsyslogd not found (apt-get install rsyslog)"
    # -n: no fork; -f: our config only (never /etc/rsyslog.conf);
    # -i: our own pid file, so the system daemon's is left alone.
    "$RSYSLOGD" -n -f "$CONF" -i "$WORKDIR/rsyslogd.pid" \
      </dev/null >"$LOG" 2>&1 &
    ;;
esac
PID=$!
echo "$PID" > "$WORKDIR/peer.pid"
echo "$NAME" > "$WORKDIR/peer.name"

# Wait for the TCP listener; give up early if the daemon died.
deadline=$((SECONDS + 20))
until port_open; do
  if ! kill -0 "$PID" 2>/dev/null; then
    cat "$LOG" >&2
    rm -f "$WORKDIR/peer.pid"
    die "$NAME exited during start-up (config $CONF, log above)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    cat "$LOG" >&2
    kill -KILL "$PID" 2>/dev/null || true
    rm -f "$WORKDIR/peer.pid"
    die "$NAME did not listen on 127.0.0.1:$PORT within 20 s"
  fi
  sleep 0.1
done
echo "$PID"
