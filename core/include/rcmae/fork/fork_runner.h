#pragma once
// `rcmae fork`: one saved state of a run, continued as several arms that differ in one or two
// live settings and share every random number: the same batches and augmentations (the data
// stream is a function of the seed and the batch index), the same mask noise (a mask-ratio arm
// hides a nested subset or superset of the same patches), the same held-out images and masks.
// So the difference between an arm and the control is the setting's effect, not luck. With
// several replicates each gets its own post-fork seed, shared by all of its arms.
//
// Each arm is an ordinary run folder (config.json with a "fork" entry naming the parent, step
// and settings; a "fork" event; metrics, quality, checkpoint, snapshot) plus paired_items.csv,
// its final measurement item by item. The fork folder holds fork.json (the plan) and
// comparison.json (every arm against the control, per metric: difference, 95 % interval,
// verdict).
#include <functional>
#include <string>
#include <vector>

#include "rcmae/fork/fork_comparison.h"
#include "rcmae/fork/fork_plan.h"

namespace rcmae {

struct ForkResult {
  int64_t fork_step = 0;
  int64_t steps = 0;  // each arm's steps after the fork
  std::vector<ComparisonRow> rows;
  std::vector<std::string> failed;  // "ARM (replicate K): why", arms left out of the comparison
  double wall_s = 0;
};

// Checks the whole plan first (a parent without checkpoint, --at another step than the
// checkpoint's, an impossible value in an arm, an MAE parent asked for teacher settings, a
// folder that already holds a fork): std::invalid_argument naming it, before any training.
// An arm that fails while training (a non-finite loss at a high learning rate) is reported in
// `failed` and the others still run. Progress: one log line per arm with the fork's ETA.
ForkResult run_fork(const ForkPlan& plan);

// Steps that `seconds` of training take at the parent's pace (median step time of its
// metrics.csv); throws std::invalid_argument when the parent has no step times.
int64_t steps_for_budget(const std::filesystem::path& parent, double seconds);

}  // namespace rcmae
