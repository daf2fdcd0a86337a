#!/usr/bin/env bash
# A/B of builds or options on this machine, whose speed drifts by tens of percent within
# minutes: runs bench/cpu-per-event.sh for each variant in turn, round after round, so that
# each round compares variants minutes apart, and prints one line per run plus each
# variant's mean. Compare within rounds; a difference smaller than the spread across rounds
# is no verdict.
#
#   bench/alternate.sh ROUNDS 'label|jar|jvm flags|--set k=v ...' ...
#
# jar: a copy of app/target/vigil.jar (empty: the current build); jvm flags: the options to
# run it with (empty: what ./vigil jvm-flags prints). WARM and COUNT set the warm-up and
# measured counts (default 1,000,000 and 600,000). "cores busy" is events/s times CPU per
# event: how much of the machine Vigil kept working.
#
# Example: bench/alternate.sh 3 'before|/tmp/a.jar||' 'after|/tmp/b.jar||'
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -ge 2 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
ROUNDS=$1; shift
# shellcheck source=variant.sh
source bench/variant.sh
declare -A SUM RUNS
for r in $(seq 1 "$ROUNDS"); do
  for spec in "$@"; do
    variant "$spec"
    label=$LABEL
    # shellcheck disable=SC2086 # the --set arguments are words
    out=$(env "${VARIANT_ENV[@]}" bench/cpu-per-event.sh --warm "${WARM:-1000000}" --count "${COUNT:-600000}" $SETS 2>&1) || { echo "$out" >&2; exit 1; }
    rate=$(sed -n 's/.* at \([0-9]*\) events\/s.*/\1/p' <<<"$out")
    us=$(us_per_event <<<"$out")
    printf 'round %d  %-16s %7s events/s  %6s us per event  cores busy %s\n' "$r" "$label" "$rate" "$us" \
      "$(awk -v r="$rate" -v u="$us" 'BEGIN{printf "%.2f", r*u/1e6}')"
    SUM[$label]=$(awk -v s="${SUM[$label]:-0}" -v u="$us" 'BEGIN{print s+u}')
    RUNS[$label]=$(( ${RUNS[$label]:-0} + 1 ))
  done
done
for spec in "$@"; do
  label=${spec%%|*}
  [ -n "${RUNS[$label]:-}" ] && printf 'mean %-16s %.1f us per event over %d runs\n' "$label" "$(awk -v s="${SUM[$label]}" -v n="${RUNS[$label]}" 'BEGIN{print s/n}')" "${RUNS[$label]}" && RUNS[$label]=
done
