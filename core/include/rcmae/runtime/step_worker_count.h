#pragma once
// How many step workers (runtime/single_thread_workers.h) a step is split over, one rule for
// fine-tuning and pretraining: `requested` > 0 is taken as it is; 0 means automatic, one
// worker per intra-op thread the run would otherwise use, each with at least
// kMinRowsPerStepWorker rows (a narrower share spends its time in per-op overhead); never
// more workers than rows, never fewer than one, and one off the CPU (a GPU runs the whole
// batch).
#include <algorithm>
#include <cstdint>

namespace rcmae {

inline constexpr int64_t kMinRowsPerStepWorker = 16;

inline int step_worker_count(int requested, int64_t threads, int64_t rows, bool cpu) {
  if (!cpu) return 1;
  const int64_t automatic = std::min(threads, rows / kMinRowsPerStepWorker);
  const int64_t wanted = requested > 0 ? requested : automatic;
  return static_cast<int>(std::max<int64_t>(1, std::min(wanted, rows)));
}

}  // namespace rcmae
