#pragma once
// Throughput of the data pipeline alone (decode + augment + normalise), for
// `rcmae bench --data-only --dataset ...`: how many images/s the trainer could be fed.
#include <cstdint>
#include <string>
#include <vector>

#include "rcmae/data/source_factory.h"

namespace rcmae {

struct DataBenchOptions {
  int warmup_batches = 3;       // taken first and not timed (fills the queue, warms caches)
  int windows = 5;              // timed windows; the median is reported
  double window_seconds = 1.0;  // each window takes whole batches until this much time passed
};

struct DataBenchResult {
  DataOptions data;
  double open_s = 0;                        // opening the source (decoding in-memory sets)
  std::vector<double> window_images_per_s;  // one per timed window
  double images_per_s = 0;                  // median over the windows
  int64_t batches = 0;                      // timed batches in all
};

// Opens the source for `data` (throws DataError like open_batch_source) and pulls batches
// as fast as it delivers them.
DataBenchResult run_data_bench(const DataOptions& data, const DataBenchOptions& options = {});

// One line: dataset, size, channels, batch, workers, median images/s and the windows.
std::string to_string(const DataBenchResult& result);

}  // namespace rcmae
