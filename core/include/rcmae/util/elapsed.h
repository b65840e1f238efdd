#pragma once

#include <chrono>

namespace rcmae {

// Time on the steady clock, in seconds: step timings, measurement costs, ETAs. Only
// differences between two readings mean anything.
using SteadyClock = std::chrono::steady_clock;

inline double steady_seconds() {
  return std::chrono::duration<double>(SteadyClock::now().time_since_epoch()).count();
}

inline double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

}  // namespace rcmae
