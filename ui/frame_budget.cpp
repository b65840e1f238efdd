#include "frame_budget.h"

#include <algorithm>
#include <cmath>

namespace rcmae::ui {

int FrameBudget::nextIntervalMs() {
  last_frame_ms_ = pending_ms_;
  pending_ms_ = 0;
  const double interval = last_frame_ms_ / kShareOfOneCore;
  return std::clamp(int(std::lround(interval)), kMinIntervalMs, kMaxIntervalMs);
}

FrameBudget& frame_budget() {
  static FrameBudget budget;
  return budget;
}

}  // namespace rcmae::ui
