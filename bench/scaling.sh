#!/usr/bin/env bash
# How a training step's cost grows with the work: `rcmae bench` over batch size, preset,
# image size and threads, one axis at a time around a base configuration (tiny, 32 px,
# 3 channels, patch 4, batch 128, rcmae, threads = cores). Prints a Markdown table for
# docs/PERFORMANCE.md; the raw JSON lines go to stderr.
#
#   bench/scaling.sh                      # about 5 minutes on a quiet 2-core machine
#   STEPS=3 WARMUP=1 bench/scaling.sh     # quicker, noisier
#
# Environment: RCMAE (build/bin/rcmae), STEPS (5), WARMUP (2), MODE (rcmae),
# BATCHES ("16 64 128 256 512"), PRESETS ("micro tiny small"), IMGS ("28 32 64"),
# THREAD_COUNTS ("1 <cores>"). Not part of ctest: these are timings.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RCMAE=${RCMAE:-$root/build/bin/rcmae}
STEPS=${STEPS:-5}
WARMUP=${WARMUP:-2}
MODE=${MODE:-rcmae}
CORES=$(nproc)
BATCHES=${BATCHES:-"16 64 128 256 512"}
PRESETS=${PRESETS:-"micro tiny small"}
IMGS=${IMGS:-"28 32 64"}
THREAD_COUNTS=${THREAD_COUNTS:-"1 $CORES"}
[[ -x "$RCMAE" ]] || { echo "scaling.sh: no rcmae at $RCMAE (build it or set RCMAE)" >&2; exit 2; }

base=(preset=tiny img=32 batch=128 threads=$CORES)
declare -A seen=()

cell() {  # key=value overrides of the base configuration
  local -A c=([preset]=tiny [img]=32 [batch]=128 [threads]=$CORES)
  for kv in "$@"; do c[${kv%%=*}]=${kv#*=}; done
  local key="${c[preset]} ${c[img]} ${c[batch]} ${c[threads]}"
  [[ -n ${seen[$key]+x} ]] && return 0
  seen[$key]=1
  local line
  line=$("$RCMAE" bench --preset "${c[preset]}" --img "${c[img]}" --channels 3 --patch 4 \
         --batch "${c[batch]}" --threads "${c[threads]}" --mode "$MODE" \
         --steps "$STEPS" --warmup "$WARMUP" 2>/dev/null | tail -n 1)
  echo "$line" >&2
  /usr/bin/python3 - "$line" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
tokens = (r["img"] // r["patch"]) ** 2
print(f"| {r['preset']} | {r['img']} ({tokens} patches) | {r['batch']} | {r['threads']} | "
      f"{r['step_s_median']:.3f} | {r['images_per_s']:.0f} | {r['gflop_per_step']:.1f} | "
      f"{r['gflops_achieved']:.1f} | {r['efficiency']:.2f} | {r['peak_rss_mb']:.0f} | {sys.argv[2]} |")
PY
}

echo "scaling: $MODE, $WARMUP warm-up + $STEPS timed steps per cell, base ${base[*]}, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| preset | image | batch | threads | step s (median) | img/s | GFLOP/step | GFLOP/s | eff | peak RSS MB | load1 |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for b in $BATCHES; do cell batch="$b"; done
for p in $PRESETS; do cell preset="$p"; done
for i in $IMGS; do cell img="$i"; done
for t in $THREAD_COUNTS; do cell threads="$t"; done
