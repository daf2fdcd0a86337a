#!/usr/bin/env bash
# plot.sh OUT.png CSV...
#   Events/s over time, one line per system. Each CSV has the header
#   system,seconds,events_per_second and rows like vigil-full,1,51234; a
#   line's title is its system value (a file may hold one or more systems).
# plot.sh --sustained OUT.png CSV
#   One sustained run: header seconds,events_per_second,heap_mb,journal_mb,
#   index_mb (more *_mb columns are fine); the rate on the left axis, the
#   sizes in MB on the right axis.
# Needs gnuplot (Debian: gnuplot-nox); uses pngcairo when it has it, else png.
set -euo pipefail

usage() {
  echo "usage: $0 OUT.png CSV...   or   $0 --sustained OUT.png CSV" >&2
  exit 2
}
die() { echo "plot.sh: $*" >&2; exit 1; }

command -v gnuplot >/dev/null || die "gnuplot not found (Debian package gnuplot-nox)"

mode=rates
if [ "${1:-}" = --sustained ]; then mode=sustained; shift; fi
[ $# -ge 2 ] || usage
out=$1; shift
[ "$mode" = rates ] || [ $# -eq 1 ] || usage
for f in "$@"; do [ -r "$f" ] || die "cannot read $f"; done

# pngcairo draws anti-aliased lines; plain png (libgd) is the fallback.
if gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1; then
  term='pngcairo size 1200,600 font "sans,10" noenhanced'
else
  term='png size 1200,600 noenhanced'
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-plot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

gp_quote() {
  # A gnuplot double-quoted string: escape backslashes and quotes.
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

header() {
  # First line, without a CR or spaces, lower case.
  head -n 1 "$1" | tr -d '\r ' | tr '[:upper:]' '[:lower:]'
}

{
  echo "set terminal $term"
  echo "set output $(gp_quote "$out")"
  echo 'set grid'
  echo 'set key outside right top'
  echo 'set xlabel "seconds"'
  echo 'set format y "%.0s%c"'   # 51234 -> 51k
  echo 'set yrange [0:*]'
} > "$tmp/plot.gp"

if [ "$mode" = rates ]; then
  for f in "$@"; do
    [ "$(header "$f")" = system,seconds,events_per_second ] ||
      die "$f: header must be system,seconds,events_per_second"
  done
  # One data file per system, numbered in order of first appearance, so a
  # system split over several CSVs still draws as one line.
  awk -F, -v dir="$tmp" '
    FNR == 1 { next }
    { gsub(/\r/, "") }
    NF >= 3 && $2 != "" {
      if (!($1 in idx)) { idx[$1] = ++n; print $1 > (dir "/names") }
      print $2, $3 > (dir "/" idx[$1] ".dat")
    }
  ' "$@"
  [ -s "$tmp/names" ] || die "no data rows in $*"
  {
    echo 'set title "events per second"'
    echo 'set ylabel "events/s"'
    printf 'plot '
    i=0
    while IFS= read -r name; do
      i=$((i + 1))
      [ "$i" -eq 1 ] || printf ', \\\n     '
      printf '%s using 1:2 with lines linewidth 2 title %s' \
        "$(gp_quote "$tmp/$i.dat")" "$(gp_quote "$name")"
    done < "$tmp/names"
    echo
  } >> "$tmp/plot.gp"
else
  csv=$1
  case "$(header "$csv")" in
    seconds,events_per_second,*) ;;
    *) die "$csv: header must start with seconds,events_per_second (then heap_mb,journal_mb,index_mb)" ;;
  esac
  ncol=$(head -n 1 "$csv" | tr -d '\r' | awk -F, '{ print NF }')
  tr -d '\r' < "$csv" > "$tmp/sustained.csv"
  {
    echo 'set title "sustained run"'
    echo 'set datafile separator ","'
    echo 'set ylabel "events/s"'
    echo 'set y2label "MB"'
    echo 'set y2range [0:*]'
    echo 'set ytics nomirror'
    echo 'set y2tics'
    printf 'plot %s using 1:2 skip 1 with lines linewidth 2 title "events/s (left)"' \
      "$(gp_quote "$tmp/sustained.csv")"
    # Every column after the rate is a size in MB, titled by its header.
    for ((c = 3; c <= ncol; c++)); do
      name=$(head -n 1 "$csv" | tr -d '\r' | cut -d, -f"$c")
      printf ', \\\n     %s using 1:%d skip 1 axes x1y2 with lines linewidth 1 dashtype 2 title %s' \
        "$(gp_quote "$tmp/sustained.csv")" "$c" "$(gp_quote "${name%_mb} (MB, right)")"
    done
    echo
  } >> "$tmp/plot.gp"
fi

gnuplot "$tmp/plot.gp" || die "gnuplot failed on $tmp/plot.gp"
[ -s "$out" ] || die "gnuplot wrote no $out"
echo "$out"
