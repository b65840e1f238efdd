#include "rcmae/train/schedules.h"

#include <algorithm>
#include <cmath>

namespace rcmae {

double learning_rate_at(int64_t step, int64_t total, int64_t warmup, double peak) {
  if (step < warmup) return peak * double(step) / double(warmup);
  if (total <= warmup) return peak;
  const double progress = std::clamp(double(step - warmup) / double(total - warmup), 0.0, 1.0);
  return peak * 0.5 * (1.0 + std::cos(M_PI * progress));
}

double momentum_at(int64_t step, int64_t total, double m0, MomentumSchedule schedule) {
  if (schedule == MomentumSchedule::Constant || total <= 0) return m0;
  const double progress = std::clamp(double(step) / double(total), 0.0, 1.0);
  return 1.0 - (1.0 - m0) * 0.5 * (1.0 + std::cos(M_PI * progress));
}

}  // namespace rcmae
