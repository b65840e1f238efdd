#pragma once
// A whole training run without a window: data, trainer, run folder, progress, around the
// one step loop (train/training_loop.h). Used by `rcmae train`, sweeps, benchmarks and the
// ranks of a data-parallel run.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "rcmae/train/live_changes.h"
#include "rcmae/train/step_record.h"
#include "rcmae/train/train_config.h"
#include "rcmae/train/training_loop.h"

namespace rcmae {

class DataParallel;

struct HeadlessRunOptions {
  std::filesystem::path out_dir;
  bool show_progress = true;
  int log_every = 0;             // >0: log a line with the losses every N steps
  int64_t checkpoint_every = 0;  // >0: also save out_dir/checkpoint.ckpt every N steps
  // >0: also save it after every this much training time (evaluations do not count), so a
  // crash or a kill loses at most this much training.
  double checkpoint_every_s = 60;
  std::filesystem::path resume_from;  // a checkpoint to continue (its config is used)
  // Requested once the checkpoint is loaded: applied at the first resumed step and recorded
  // as live changes (events.jsonl), as if made in the window.
  LiveChanges resume_changes;
  int64_t stop_at = 0;  // >0: stop (and checkpoint) after this step; the schedule keeps --steps
  // Set: one rank of a data-parallel run (dist/data_parallel.h); only rank 0 writes out_dir.
  DataParallel* data_parallel = nullptr;
  // Called after each step is recorded (and checkpointed, when due). Returning true ends the
  // run there as --stop-at would: kNN, final checkpoint. Sweeps use it for early stopping,
  // their own progress and Ctrl-C. An exception thrown from it propagates unchanged.
  std::function<bool(const StepRecord&)> after_step;
  // Polled before every step (data-parallel: every rank stops when any rank asks). True ends
  // the run there with a checkpoint (and the last snapshot), without the final kNN, probe and
  // quality measurements (a signal asked the process to stop and its time may be short).
  // HeadlessRunResult::stopped tells.
  std::function<bool()> stop_requested;
  // Set: this run is one arm of a fork (fork/fork_runner.h). `resume_from` is the parent's
  // checkpoint and `out_dir` a new folder; the loaded state continues as
  // Trainer::continue_as_fork(total_steps, reseed), `lineage_json` (a JSON object: parent, step,
  // arm, settings, replicate) goes into config.json as "fork" and into a "fork" event.
  struct ForkStart {
    int64_t total_steps = 0;
    std::optional<uint64_t> reseed;
    std::string lineage_json;
  };
  std::optional<ForkStart> fork;
  // Quality measurements every this much training time (both > 0; the learning benchmark);
  // otherwise on the schedule that keeps them at 5 % of training time.
  double quality_reconstruction_every_s = 0;
  double quality_representation_every_s = 0;
  // > 0: the held-out reconstruction every this many steps instead, kept item by item
  // (TrainingLoopOptions::keep_step_items); kNN and probe at the end only. A fork's arms.
  int64_t quality_reconstruction_every_steps = 0;
};

struct HeadlessRunResult : TrainingOutcome {
  uint64_t parameter_hash = 0;  // data-parallel runs: identical on every rank (checked)
  bool stopped = false;         // stop_requested ended the run before its last step
};

// Throws std::invalid_argument (bad option), DataError (bad data), std::runtime_error
// (unwritable folder, non-finite loss).
HeadlessRunResult run_headless(const TrainConfig& config, const HeadlessRunOptions& options);

}  // namespace rcmae
