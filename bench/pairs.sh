#!/usr/bin/env bash
# A/B of two builds or option sets run at the same time, each pinned to its own core with its
# load generator (taskset), then swapped: this machine's speed drifts by tens of percent within
# minutes, and a drift now falls on both alike. Each JVM sizes itself for one core, so the
# figures are higher than with two (the collector and the compilers share the core); compare
# the two columns of a round, not a round with a figure measured another way.
#
#   bench/pairs.sh ROUNDS 'label|jar|jvm flags|--set k=v ...' 'label|jar|jvm flags|--set k=v ...'
#
# jar: a copy of app/target/vigil.jar (empty: the current build); jvm flags: the options to
# run it with (empty: what ./vigil jvm-flags prints). WARM and COUNT set the warm-up and
# measured counts (default 500,000 and 300,000). Prints µs of Vigil CPU per stored event.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -eq 3 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
ROUNDS=$1; shift
command -v taskset >/dev/null || { echo "pairs.sh: needs taskset (util-linux)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "pairs.sh: needs two cores" >&2; exit 2; }
./vigil --version >/dev/null # a current build for variants without a jar of their own
OUT=$(mktemp -d "${TMPDIR:-/tmp}/vigil-pairs.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

# shellcheck source=variant.sh
source bench/variant.sh

run() { # core, spec, output file
  local core=$1 file=$3
  variant "$2"
  # shellcheck disable=SC2086 # the --set arguments are words
  env "${VARIANT_ENV[@]}" taskset -c "$core" bench/cpu-per-event.sh --warm "${WARM:-500000}" --count "${COUNT:-300000}" $SETS >"$file" 2>&1
}

A=$1 B=$2
LA=${A%%|*} LB=${B%%|*}
SA=0 SB=0 WINS=0
for r in $(seq 1 "$ROUNDS"); do
  # odd rounds: A on core 0; even rounds: swapped
  if [ $((r % 2)) = 1 ]; then ca=0 cb=1; else ca=1 cb=0; fi
  run "$ca" "$A" "$OUT/a" & pa=$!
  run "$cb" "$B" "$OUT/b" & pb=$!
  wait $pa || { cat "$OUT/a" >&2; exit 1; }
  wait $pb || { cat "$OUT/b" >&2; exit 1; }
  ua=$(us_per_event <"$OUT/a") ub=$(us_per_event <"$OUT/b")
  printf 'round %d  %-14s %6s us (core %d)   %-14s %6s us (core %d)\n' "$r" "$LA" "$ua" "$ca" "$LB" "$ub" "$cb"
  SA=$(awk -v s="$SA" -v u="$ua" 'BEGIN{print s+u}')
  SB=$(awk -v s="$SB" -v u="$ub" 'BEGIN{print s+u}')
  WINS=$(awk -v w="$WINS" -v a="$ua" -v b="$ub" 'BEGIN{print w + (b < a)}')
done
printf 'mean  %-14s %.1f us   %-14s %.1f us   (%s lower in %d of %d rounds)\n' "$LA" "$(awk -v s="$SA" -v n="$ROUNDS" 'BEGIN{print s/n}')" \
  "$LB" "$(awk -v s="$SB" -v n="$ROUNDS" 'BEGIN{print s/n}')" "$LB" "$WINS" "$ROUNDS"
