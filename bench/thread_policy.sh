#!/usr/bin/env bash
# How OpenMP's thread waiting and the thread count behave with and without competition for
# the cores: `rcmae bench` at the teaching recipe's shape under each load, each variant in
# turn within a round (so background noise hits them alike), medians over rounds.
#
#   bench/thread_policy.sh                       # 3 rounds, loads idle and busy1
#   ROUNDS=5 LOADS="idle busy1 busy2" bench/thread_policy.sh
#
# Loads: idle (nothing else), busy1 / busy2 (one / two shell busy-loops, what a build or a
# browser does to a 2-core laptop). Variants (VARIANTS="name ..." picks some): default (what a
# user gets: rcmae's own choices, no flags: step workers), passive, active, spin10k (ACTIVE,
# GOMP_SPINCOUNT=10000), spin1k, t1 (one thread) — these five run whole steps
# (`--step-workers 1`) — and w2 (two step workers, one thread each: `--step-workers 2`).
# Environment: RCMAE (build/bin/rcmae), ROUNDS (3), STEPS (60),
# THREADS (nproc), RECIPE (teaching). Prints one line per (load, variant): median s/step and
# the ratio to the same load's passive. Not part of ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
RCMAE=${RCMAE:-$here/../build/bin/rcmae}
ROUNDS=${ROUNDS:-3}
STEPS=${STEPS:-60}
THREADS=${THREADS:-$(nproc)}
RECIPE=${RECIPE:-teaching}
LOADS=${LOADS:-"idle busy1"}
VARIANTS=${VARIANTS:-"default passive active spin10k spin1k t1"}

variant_env() {  # the environment of a variant (env(1) arguments)
  case $1 in
    default) echo "-u OMP_WAIT_POLICY -u GOMP_SPINCOUNT" ;;
    passive) echo "OMP_WAIT_POLICY=PASSIVE" ;;
    active) echo "OMP_WAIT_POLICY=ACTIVE" ;;
    spin10k) echo "OMP_WAIT_POLICY=ACTIVE GOMP_SPINCOUNT=10000" ;;
    spin1k) echo "OMP_WAIT_POLICY=ACTIVE GOMP_SPINCOUNT=1000" ;;
    t1 | w2) echo "OMP_WAIT_POLICY=PASSIVE" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

step_time() {  # variant -> median s/step of one bench run
  # Every variant but default and w2 runs whole steps: the OpenMP waiting they compare.
  local threads=(--threads "$THREADS") workers=(--step-workers 1)
  [[ $1 == t1 ]] && threads=(--threads 1)
  [[ $1 == w2 ]] && workers=(--step-workers 2)
  [[ $1 == default ]] && threads=() && workers=()
  # shellcheck disable=SC2046
  env $(variant_env "$1") "$RCMAE" bench --recipe "$RECIPE" --steps "$STEPS" "${threads[@]}" \
    "${workers[@]}" \
    2>/dev/null | tail -1 | grep -o '"plain_step_s_median":[0-9.e-]*' | cut -d: -f2
}

busy_pids=()
start_load() {
  local n=0
  case $1 in idle) n=0 ;; busy1) n=1 ;; busy2) n=2 ;; *) echo "unknown load $1" >&2; exit 2 ;; esac
  for ((i = 0; i < n; i++)); do
    bash -c 'while :; do :; done' &
    busy_pids+=($!)
  done
}
stop_load() {
  for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  busy_pids=()
}
trap stop_load EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A times
for load in $LOADS; do
  start_load "$load"
  for ((r = 1; r <= ROUNDS; r++)); do
    for v in $VARIANTS; do
      t=$(step_time "$v")
      times[$load,$v]+="$t "
      echo "round $r $load $v $t" >&2
    done
  done
  stop_load
done

printf '%-6s %-8s %10s %10s\n' load variant s/step vs_passive
for load in $LOADS; do
  base=$(echo "${times[$load,passive]:-}" | tr ' ' '\n' | grep . | median || true)
  for v in $VARIANTS; do
    m=$(echo "${times[$load,$v]}" | tr ' ' '\n' | grep . | median)
    ratio=$([[ -n $base ]] && awk -v a="$m" -v b="$base" 'BEGIN {printf "%.2f", a / b}' || echo -)
    printf '%-6s %-8s %10.4f %10s\n' "$load" "$v" "$m" "$ratio"
  done
done
