# shellcheck shell=bash
# Sourced by bench/alternate.sh and bench/pairs.sh: one variant of an A/B, written
# 'label|jar|jvm flags|--set k=v ...', and the figure they read from bench/cpu-per-event.sh.

# Sets LABEL, SETS (the --set words) and VARIANT_ENV (the environment cpu-per-event.sh runs
# the variant with: VIGIL_JAR for a given build, VIGIL_JVM_FLAGS for given options).
variant() {
  local jar flags
  IFS='|' read -r LABEL jar flags SETS <<<"$1"
  VARIANT_ENV=()
  [ -n "$jar" ] && VARIANT_ENV+=(VIGIL_JAR="$jar" JAVA_HOME="${JAVA_HOME:-$(./vigil java-home)}")
  [ -n "$flags" ] && VARIANT_ENV+=(VIGIL_JVM_FLAGS="$flags")
  return 0
}

# µs of Vigil CPU per stored event, from cpu-per-event.sh's output on stdin.
us_per_event() { sed -n 's/.*Vigil used \([0-9.]*\) us.*/\1/p'; }
