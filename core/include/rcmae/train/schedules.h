#pragma once
#include <cstdint>

#include "rcmae/train/train_config.h"

namespace rcmae {

// Linear warmup over `warmup` steps to `peak`, then half-cycle cosine to 0 at `total`.
// `step` counts from 0.
double learning_rate_at(int64_t step, int64_t total, int64_t warmup, double peak);

// Constant m0, or cosine from m0 (step 0) to 1 (step == total), indexed by the global step.
double momentum_at(int64_t step, int64_t total, double m0, MomentumSchedule schedule);

}  // namespace rcmae
