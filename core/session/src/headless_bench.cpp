#include "rcmae/session/headless_bench.h"

#include <chrono>
#include <exception>
#include <thread>

#include "rcmae/data/source_factory.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/trainer.h"
#include "rcmae/train/training_data.h"

namespace rcmae::session {

namespace {

Throughput measure_on_this_thread(const TrainConfig& config, int64_t warmup, int64_t steps) {
  configure_threads(config.threads);
  const DataOptions data = data_options_for(config);
  Trainer trainer(config, open_batch_source(data));
  for (int64_t i = 0; i < warmup; ++i) trainer.step();
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < steps; ++i) trainer.step();
  Throughput result;
  result.steps = steps;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.images_per_s = result.seconds > 0 ? double(steps) * config.batch / result.seconds : 0;
  return result;
}

}  // namespace

// Why a thread of its own: OpenMP keeps a pool of worker threads for every thread that ran
// a parallel region, for as long as that thread lives. Had the baseline trained on the
// caller's (the GUI's main) thread, its pool would stay alive next to the pool of the
// window's trainer thread; with more OpenMP threads than cores, libgomp (most likely through
// its throttled spin count) lets its threads sleep far more often, and the window's run
// measured ~25 % slower for that reason alone (same training on a second thread of one
// process: 205-230 vs 235-290 img/s). When this thread ends, its pool goes with it, as it
// does when a CLI run exits.
Throughput measure_headless_throughput(const TrainConfig& config, int64_t warmup, int64_t steps) {
  Throughput result;
  std::exception_ptr failure;
  std::thread trainer([&] {
    try {
      result = measure_on_this_thread(config, warmup, steps);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  trainer.join();
  if (failure) std::rethrow_exception(failure);
  return result;
}

}  // namespace rcmae::session
