#include "rcmae/bench/data_bench.h"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <chrono>

#include "rcmae/bench/bench_statistics.h"
#include "rcmae/util/elapsed.h"

namespace rcmae {

DataBenchResult run_data_bench(const DataOptions& data, const DataBenchOptions& options) {
  DataBenchResult result;
  result.data = data;
  const auto open_start = SteadyClock::now();
  const std::unique_ptr<BatchSource> source = open_batch_source(data);
  result.open_s = seconds_since(open_start);
  for (int b = 0; b < options.warmup_batches; ++b) source->next_batch();
  for (int w = 0; w < std::max(1, options.windows); ++w) {
    const auto start = SteadyClock::now();
    int64_t images = 0;
    double elapsed = 0;
    // Whole batches: the window ends on the first batch past window_seconds.
    do {
      images += source->next_batch().images.size(0);
      ++result.batches;
      elapsed = seconds_since(start);
    } while (elapsed < options.window_seconds);
    result.window_images_per_s.push_back(static_cast<double>(images) / elapsed);
  }
  result.images_per_s = median(result.window_images_per_s);
  return result;
}

std::string to_string(const DataBenchResult& result) {
  std::string windows;
  for (double v : result.window_images_per_s) windows += fmt::format(" {:.0f}", v);
  return fmt::format(
      "data bench: {} {}px {}ch batch {} workers {} augment {}: {:.0f} images/s median "
      "(windows:{}; open {:.2f} s)",
      result.data.spec, result.data.img_size, result.data.channels, result.data.batch,
      result.data.workers, result.data.augment ? "on" : "off", result.images_per_s, windows,
      result.open_s);
}

}  // namespace rcmae
