#pragma once
// Training throughput without any window: the baseline the workbench's overhead is
// measured against. Trains on a thread of its own that ends before this returns (see the
// .cpp for why); rethrows its std::exception on bad settings.
#include <cstdint>

#include "rcmae/train/train_config.h"

namespace rcmae::session {

struct Throughput {
  int64_t steps = 0;
  double seconds = 0;
  double images_per_s = 0;
};

// `warmup` untimed steps, then `steps` timed ones (data loading included, as in the GUI).
Throughput measure_headless_throughput(const TrainConfig& config, int64_t warmup, int64_t steps);

}  // namespace rcmae::session
