#!/usr/bin/env bash
# C++ engine (rcmae bench) vs the plain PyTorch eager reference (bench/reference_step.py):
# same model, same step, alternating runs so that background load hits both alike.
# Prints per-run JSON lines on stderr and a summary (medians over rounds) on stdout.
#
#   bench/compare.sh                           # 3 rounds, 20 timed steps, tiny/32px/b128
#   ROUNDS=1 STEPS=3 WARMUP=1 bench/compare.sh # quick look
#   RECIPE=teaching IMG=28 CHANNELS=1 BATCH=64 bench/compare.sh  # the teaching recipe's shape
#
# Environment: RCMAE (build/bin/rcmae), PYTHON (/usr/bin/python3: Debian's torch),
# ROUNDS (3), STEPS (20), WARMUP (3), PRESET (tiny), IMG (32), CHANNELS (3), PATCH (4),
# BATCH (128), MODES ("mae rcmae"), THREADS (nproc), KERNELS (fused | composite: the C++
# attention, --kernels), RECIPE (teaching: the C++ side runs --recipe teaching, Python the
# same widths as its "teaching" preset), CPP_FLAGS (more flags for the C++ side only, e.g.
# "--step-workers 2"), OUT (a temporary file for the raw lines).
# Not part of ctest: a full run takes minutes to hours on a small CPU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
RCMAE=${RCMAE:-$root/build/bin/rcmae}
PYTHON=${PYTHON:-/usr/bin/python3}
ROUNDS=${ROUNDS:-3}
STEPS=${STEPS:-20}
WARMUP=${WARMUP:-3}
PRESET=${PRESET:-tiny}
RECIPE=${RECIPE:-}
IMG=${IMG:-32}
CHANNELS=${CHANNELS:-3}
PATCH=${PATCH:-4}
BATCH=${BATCH:-128}
MODES=${MODES:-"mae rcmae"}
THREADS=${THREADS:-$(nproc)}
KERNELS=${KERNELS:-fused}
read -r -a cpp_flags <<< "${CPP_FLAGS:-}"
OUT=${OUT:-$(mktemp /tmp/rcmae-compare.XXXXXX)}
# rcmae picks OpenBLAS's kernels from the CPU features before OpenBLAS loads
# (app/cli/blas_preinit.cpp); by default Python gets the same OPENBLAS_CORETYPE so the ratio
# measures the engines, not the BLAS kernels. PY_BLAS=default runs Python as installed.
PY_BLAS=${PY_BLAS:-same}
py_env=()
if [[ $PY_BLAS == same && -z ${OPENBLAS_CORETYPE+x} ]]; then
  flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
  has() { [[ " $flags " == *" $1 "* ]]; }
  if has avx512f && has avx512bw && has avx512vl && has avx512dq; then
    if has avx512_bf16; then py_env=(OPENBLAS_CORETYPE=Cooperlake); else py_env=(OPENBLAS_CORETYPE=SkylakeX); fi
  elif has avx2 && has fma; then py_env=(OPENBLAS_CORETYPE=Haswell); fi
fi

[[ -x "$RCMAE" ]] || { echo "compare.sh: no rcmae at $RCMAE (build it or set RCMAE)" >&2; exit 2; }
"$PYTHON" -c "import torch" 2>/dev/null || { echo "compare.sh: $PYTHON has no torch (set PYTHON)" >&2; exit 2; }

common=(--img "$IMG" --channels "$CHANNELS" --patch "$PATCH" --batch "$BATCH"
        --steps "$STEPS" --warmup "$WARMUP" --threads "$THREADS")
# A recipe sets the C++ model's widths itself (a --preset would override them).
if [[ -n $RECIPE ]]; then cpp_model=(--recipe "$RECIPE" --warmup-steps 0); py_model=(--preset "$RECIPE")
else cpp_model=(--preset "$PRESET"); py_model=(--preset "$PRESET"); fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "python BLAS env: ${py_env[*]:-(as installed)}" >&2
echo "compare: ${RECIPE:-$PRESET} img $IMG c $CHANNELS patch $PATCH batch $BATCH, threads $THREADS, C++ kernels $KERNELS ${CPP_FLAGS:-}, $ROUNDS rounds x ($WARMUP warm-up + $STEPS steps), load $load_before" >&2
: > "$OUT"
run_one() {  # impl mode round
  local line
  if [[ $1 == cpp ]]; then
    line=$("$RCMAE" bench "${cpp_model[@]}" "${common[@]}" --kernels "$KERNELS" "${cpp_flags[@]}" --mode "$2" 2>/dev/null | tail -n 1)
  else
    line=$(env "${py_env[@]}" "$PYTHON" "$here/reference_step.py" "${py_model[@]}" "${common[@]}" --mode "$2" 2>/dev/null | tail -n 1)
  fi
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  echo "{\"impl\": \"$1\", \"round\": $3, \"load1\": $load, \"result\": $line}" | tee -a "$OUT" >&2
}
for ((r = 1; r <= ROUNDS; r++)); do
  for mode in $MODES; do
    # Alternate which side goes first from round to round.
    if ((r % 2)); then run_one cpp "$mode" "$r"; run_one python "$mode" "$r"
    else run_one python "$mode" "$r"; run_one cpp "$mode" "$r"; fi
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

"$PYTHON" - "$OUT" "$load_before" "$load_after" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
med = lambda xs: statistics.median(xs) if xs else float("nan")
def pick(impl, mode, key):
    return med([r["result"][key] for r in rows if r["impl"] == impl and r["result"]["mode"] == mode])
modes = sorted({r["result"]["mode"] for r in rows})
print(f"load average: before {sys.argv[2]}, after {sys.argv[3]}; "
      f"load1 during runs: median {med([r['load1'] for r in rows]):.2f}, max {max(r['load1'] for r in rows):.2f}")
print(f"{'impl':7} {'mode':6} {'step_s':>8} {'img/s':>8} {'rss_MB':>8} {'GFLOP/s':>8} {'sgemm':>8} {'eff':>6} runs")
for impl in ("cpp", "python"):
    for mode in modes:
        n = sum(1 for r in rows if r["impl"] == impl and r["result"]["mode"] == mode)
        if not n: continue
        print(f"{impl:7} {mode:6} {pick(impl, mode, 'step_s_median'):8.3f} {pick(impl, mode, 'images_per_s'):8.1f} "
              f"{pick(impl, mode, 'peak_rss_mb'):8.0f} {pick(impl, mode, 'gflops_achieved'):8.2f} "
              f"{pick(impl, mode, 'sgemm_gflops'):8.2f} {pick(impl, mode, 'efficiency'):6.3f} {n}")
print("python blas core: " + ", ".join(sorted({r["result"].get("blas_core", "?") for r in rows if r["impl"] == "python"})))
print("C++/Python step time: " + ", ".join(
    f"{m} {pick('cpp', m, 'step_s_median') / pick('python', m, 'step_s_median'):.3f}" for m in modes))
if "mae" in modes and "rcmae" in modes:
    for impl in ("cpp", "python"):
        print(f"{impl}: RC-MAE/MAE step time {pick(impl, 'rcmae', 'step_s_median') / pick(impl, 'mae', 'step_s_median'):.3f}, "
              f"peak RSS {pick(impl, 'rcmae', 'peak_rss_mb') / pick(impl, 'mae', 'peak_rss_mb'):.3f} "
              f"(analytic FLOP ratio {pick(impl, 'rcmae', 'gflop_per_step') / pick(impl, 'mae', 'gflop_per_step'):.3f})")
PY
echo "raw lines: $OUT" >&2
