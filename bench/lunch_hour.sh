#!/usr/bin/env bash
# The lunch-hour protocol (docs/LEARNING.md, "A lunch hour"): per seed, research-recipe
# pretraining (10 minutes) + the full fine-tuning recipe, for MAE (its student) and RC-MAE
# (its teacher), and a from-scratch fine-tune given the same total budget, all of it spent
# fine-tuning. Then `rcmae compare --finetune` prints the table with each difference's 95 %
# interval, paired by seed and by test image (every fine-tune keeps finetune_items.csv).
#
#   bench/lunch_hour.sh                    # seeds 1 2 3: about 5.5 hours on 2 cores
#   SEEDS="4" OUT=runs/lunch bench/lunch_hour.sh   # one more seed into the same folder
#
# Environment: RCMAE (build/bin/rcmae), OUT (runs/lunch-hour), SEEDS ("1 2 3"),
# SCRATCH_EPOCHS (34: the pretrained arms' 10 minutes + ~27 minutes of fine-tuning, at the
# full recipe's ~65 s an epoch on 2 cores), THREADS (unset: the engine chooses),
# PRETRAIN_STEPS (unset: the research recipe's 10-minute time budget; a number: exactly that
# many pretraining steps, e.g. 6822, what 10 minutes give on a quiet 2-core machine),
# MODES ("rcmae mae": which pretrainings to run; SCRATCH_EPOCHS=0 leaves scratch out).
# With PRETRAIN_STEPS set every arm is a fixed amount of work (steps and epochs), so the
# accuracies do not depend on what else the machine runs; only the times do. Without it, run
# it on a quiet machine: the budget is then part of the result. KEEP (unset): a folder that
# gets a copy of each finished arm's text files (config.json, metrics.csv, quality.csv,
# finetune.csv, finetune_items.csv; no checkpoints or models), enough for
# `rcmae compare --finetune KEEP` to print the same table: bench/results/lunch-hour is kept
# that way. Not part of ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
RCMAE=${RCMAE:-$root/build/bin/rcmae}
OUT=${OUT:-runs/lunch-hour}
SEEDS=${SEEDS:-"1 2 3"}
SCRATCH_EPOCHS=${SCRATCH_EPOCHS:-34}
MODES=${MODES:-"rcmae mae"}
threads=()
if [ -n "${THREADS:-}" ]; then threads=(--threads "$THREADS"); fi
pretrain_budget=()
if [ -n "${PRETRAIN_STEPS:-}" ]; then pretrain_budget=(--steps "$PRETRAIN_STEPS" --time-budget 0); fi

keep_results() {  # keep_results RUN_FOLDER: copies the arm's small files into $KEEP
  if [ -z "${KEEP:-}" ]; then return; fi
  local into="$KEEP/$(basename "$1")"
  mkdir -p "$into"
  for f in config.json metrics.csv quality.csv finetune.csv finetune_items.csv; do
    if [ -f "$1/$f" ]; then cp "$1/$f" "$into/"; fi
  done
}

for seed in $SEEDS; do
  for mode in $MODES; do
    run="$OUT/$mode-seed$seed"
    which=teacher
    if [ "$mode" = mae ]; then which=student; fi
    # .pretrained marks a pretraining that ended; a checkpoint without it is one that was
    # interrupted (the run saves every few hundred steps): it is continued, not trusted.
    if [ ! -f "$run/.pretrained" ]; then
      if [ -f "$run/checkpoint.ckpt" ]; then
        "$RCMAE" train --resume "$run/checkpoint.ckpt" "${threads[@]}"
      else
        "$RCMAE" train --recipe research --mode "$mode" --seed "$seed" "${threads[@]}" \
          "${pretrain_budget[@]}" --out "$run"
      fi
      touch "$run/.pretrained"
    fi
    if [ ! -f "$run/finetune.csv" ]; then
      "$RCMAE" finetune --checkpoint "$run/checkpoint.ckpt" --which "$which" --recipe full \
        --seed "$seed" "${threads[@]}" --save-model "$run/finetuned-$which.pth"
    fi
    keep_results "$run"
  done
  scratch="$OUT/scratch-seed$seed"
  if [ "$SCRATCH_EPOCHS" = 0 ]; then continue; fi
  if [ ! -f "$scratch/finetune.csv" ]; then
    "$RCMAE" finetune --which scratch --recipe full --epochs "$SCRATCH_EPOCHS" --seed "$seed" \
      "${threads[@]}" --out "$scratch" --save-model "$scratch/finetuned-scratch.pth"
  fi
  keep_results "$scratch"
done
"$RCMAE" compare --finetune "$OUT"
