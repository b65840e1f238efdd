#include "rcmae/session/headless_bench.h"

#include <chrono>

#include "rcmae/data/source_factory.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/trainer.h"
#include "rcmae/train/training_data.h"

namespace rcmae::session {

Throughput measure_headless_throughput(const TrainConfig& config, int64_t warmup,
                                       int64_t steps) {
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

}  // namespace rcmae::session
