#pragma once
// `rcmae train --resume CKPT` with training flags. The run's configuration (the one in the
// checkpoint, as its config.json shows it) wins: a flag that would train something else is
// refused, naming the flag and both values. A flag the trainer can change while it runs
// (mask ratio, mask strategy, momentum, gamma, base lr) becomes a live change, recorded
// like one made in the window. --steps extends or shortens the run as before; --threads, --workers,
// --device and --kernels change where and how fast it runs, not what it learns, and apply.
#include "rcmae/cli/arg_list.h"
#include "rcmae/train/live_changes.h"
#include "rcmae/train/train_config.h"

namespace rcmae::cli {

// Applies the run-environment flags to `run` (the checkpoint's configuration) and returns
// the live changes to request once the checkpoint is loaded. Throws UsageError for the
// first flag whose value differs from the run's and cannot change live.
LiveChanges apply_resume_flags(const ArgList& args, TrainConfig& run);

}  // namespace rcmae::cli
