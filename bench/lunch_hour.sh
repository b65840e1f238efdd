#!/usr/bin/env bash
# The lunch-hour protocol (docs/LEARNING.md, "A lunch hour"): per seed, research-recipe
# pretraining (10 minutes) + the full fine-tuning recipe, for MAE (its student) and RC-MAE
# (its teacher), and a from-scratch fine-tune given the same total budget, all of it spent
# fine-tuning. Then bench/lunch_hour_table.py prints the table with each difference's 95 %
# interval over seeds.
#
#   bench/lunch_hour.sh                    # seeds 1 2 3: about 5.5 hours on 2 cores
#   SEEDS="4" OUT=runs/lunch bench/lunch_hour.sh   # one more seed into the same folder
#
# Environment: RCMAE (build/bin/rcmae), OUT (runs/lunch-hour), SEEDS ("1 2 3"),
# SCRATCH_EPOCHS (34: the pretrained arms' 10 minutes + ~27 minutes of fine-tuning, at the
# full recipe's ~65 s an epoch on 2 cores), THREADS (unset: the engine chooses).
# Run it on a quiet machine: times are part of the protocol. Not part of ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
RCMAE=${RCMAE:-$root/build/bin/rcmae}
OUT=${OUT:-runs/lunch-hour}
SEEDS=${SEEDS:-"1 2 3"}
SCRATCH_EPOCHS=${SCRATCH_EPOCHS:-34}
threads=()
if [ -n "${THREADS:-}" ]; then threads=(--threads "$THREADS"); fi

for seed in $SEEDS; do
  for mode in rcmae mae; do
    run="$OUT/$mode-seed$seed"
    which=teacher
    if [ "$mode" = mae ]; then which=student; fi
    if [ ! -f "$run/checkpoint.ckpt" ]; then
      "$RCMAE" train --recipe research --mode "$mode" --seed "$seed" "${threads[@]}" \
        --out "$run"
    fi
    if [ ! -f "$run/finetune.csv" ]; then
      "$RCMAE" finetune --checkpoint "$run/checkpoint.ckpt" --which "$which" --recipe full \
        --seed "$seed" "${threads[@]}" --save-model "$run/finetuned-$which.pth"
    fi
  done
  scratch="$OUT/scratch-seed$seed"
  if [ ! -f "$scratch/finetune.csv" ]; then
    "$RCMAE" finetune --which scratch --recipe full --epochs "$SCRATCH_EPOCHS" --seed "$seed" \
      "${threads[@]}" --out "$scratch"
  fi
done
"${PYTHON:-python3}" "$here/lunch_hour_table.py" "$OUT"
