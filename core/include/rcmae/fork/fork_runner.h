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
  int processes = 1;     // arms trained at once
  int threads_each = 0;  // intra-op threads of each (0: the parent's setting)
};

// One arm of one replicate: the unit of work of a fork.
struct ForkArmJob {
  size_t arm = 0;     // index into ForkPlan::arms
  int replicate = 0;  // 0-based
  int threads = 0;    // intra-op threads of the process that trains it (0: the plan's)
};

// Trains the arms of a fork. Without one, run_fork trains them one after another in this
// process; `rcmae fork` starts child processes, several at once (fork_parallelism).
class ForkArmLauncher {
 public:
  virtual ~ForkArmLauncher() = default;
  virtual void start(const ForkArmJob& job) = 0;
  // Blocks until a started job ends: the job, and why it failed ("" when it trained).
  virtual std::pair<ForkArmJob, std::string> wait_one() = 0;
};

// How many arms train at once and with how many threads each. On this workbench's small
// shapes two one-thread processes make ~1.5x the steps of one two-thread process (less time
// waiting at OpenMP barriers), so by default (requested 0) every thread gets its own arm:
// processes = min(jobs, threads), threads each = threads / processes. Torch-free.
struct ForkParallelism {
  int processes = 1;
  int threads_each = 1;
};
ForkParallelism fork_parallelism(int jobs, int total_threads, int requested_processes);

// Every how many steps an arm measures its held-out reconstruction while it trains (kept
// item by item, at the same steps in every arm: run_files::kStepItems): the smallest round
// stride (1, 2, 5, 10, 20, 25, 50, ...) that measures at most ten times over `steps_per_arm` (each
// measurement costs about as much as a few steps, and adds to every arm). Torch-free.
int64_t live_measurement_stride(int64_t steps_per_arm);

// Checks the whole plan first (a parent without checkpoint, --at another step than the
// checkpoint's, an impossible value in an arm, an MAE parent asked for teacher settings, a
// folder that already holds a fork): std::invalid_argument naming it, before any training.
// Writes OUT/fork.json, trains every arm through `launcher` (processes, threads_each: at most
// that many started at once, control first), reads each arm's paired_items.csv and writes
// OUT/comparison.json. An arm that fails while training (a non-finite loss at a high learning
// rate) is reported in `failed` and the others still run. Progress: log lines with the ETA.
ForkResult run_fork(const ForkPlan& plan, ForkArmLauncher* launcher = nullptr,
                    ForkParallelism parallelism = {});

// The plan run_fork wrote to OUT/fork.json (parent, steps, repeats, arms), for a child process
// that trains one of its arms. Throws std::invalid_argument naming the file.
ForkPlan read_fork_plan(const std::filesystem::path& out);

// Trains one arm of `plan` in this process, as run_fork's children do. Throws when it fails.
void train_fork_arm(const ForkPlan& plan, const ForkArmJob& job);

// Steps that `seconds` of training take at the parent's pace (median step time of its
// metrics.csv); throws std::invalid_argument when the parent has no step times.
int64_t steps_for_budget(const std::filesystem::path& parent, double seconds);

}  // namespace rcmae
