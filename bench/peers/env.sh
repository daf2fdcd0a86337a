# shellcheck shell=bash
# Sourced (not run) by the bench scripts: where the peer daemons live.
# fetch.sh must have run once; it writes the launchers under $VIGIL_PEERS/bin
# that set LD_LIBRARY_PATH and SYSLOGNG_PREFIX for the unpacked syslog-ng.
# No `set -e` here: it would leak into the caller's shell.

VIGIL_PEERS=${VIGIL_PEERS:-$HOME/.cache/vigil-peers}
PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SYSLOG_NG=$VIGIL_PEERS/bin/syslog-ng
LOGGEN=$VIGIL_PEERS/bin/loggen
PDBTOOL=$VIGIL_PEERS/bin/pdbtool
# The module directory carries syslog-ng's major.minor (3.38 on bookworm);
# start.sh passes it as --module-path so nothing is looked up under /usr.
SYSLOG_NG_MODULES=
for _d in "$VIGIL_PEERS"/root/usr/lib/syslog-ng/[0-9]*; do
  [ -d "$_d" ] && SYSLOG_NG_MODULES=$_d
done
unset _d
# rsyslog is the Debian package, run as a second instance by start.sh.
RSYSLOGD=$(command -v rsyslogd 2>/dev/null || echo /usr/sbin/rsyslogd)

export VIGIL_PEERS PEERS_DIR SYSLOG_NG LOGGEN PDBTOOL SYSLOG_NG_MODULES RSYSLOGD

peers_check() {
  # Fails with a hint when a peer binary is not where it should be.
  local f
  for f in "$SYSLOG_NG" "$LOGGEN" "$PDBTOOL" "$RSYSLOGD"; do
    if [ ! -x "$f" ]; then
      echo "missing $f: run bench/peers/fetch.sh (and apt-get install rsyslog)" >&2
      return 1
    fi
  done
  [ -n "$SYSLOG_NG_MODULES" ] || { echo "no syslog-ng module dir under $VIGIL_PEERS: run bench/peers/fetch.sh" >&2; return 1; }
}
