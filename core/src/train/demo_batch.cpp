#include "rcmae/train/demo_batch.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "rcmae/data/image_dataset.h"
#include "rcmae/data/source_factory.h"

namespace rcmae {
namespace {

// Evenly spaced indices: the first few images of a split are often one class.
std::vector<int64_t> spread_indices(int64_t size, int count) {
  std::vector<int64_t> indices;
  const int64_t n = std::min<int64_t>(size, count);
  for (int64_t i = 0; i < n; ++i) indices.push_back(i * size / n);
  return indices;
}

DemoBatch from_test_split(const TrainConfig& config, const DatasetInfo& info, int count) {
  auto test =
      open_dataset(config.dataset, Split::Test, config.model.channels, config.model.img_size);
  if (test->size() == 0) throw std::runtime_error("empty test split");
  auto indices = spread_indices(test->size(), count);
  const auto& mean = info.mean.empty() ? test->info().mean : info.mean;
  const auto& stdev = info.std.empty() ? test->info().std : info.std;
  DemoBatch demo;
  demo.images = eval_batch(*test, indices, config.model.img_size, mean, stdev);
  demo.source = "test split, " + std::to_string(indices.size()) + " images spread over " +
                std::to_string(test->size());
  return demo;
}

DemoBatch from_training_stream(const TrainConfig& config, int count) {
  DataOptions data;
  data.spec = config.dataset;
  data.img_size = config.model.img_size;
  data.channels = config.model.channels;
  data.batch = count;
  data.seed = config.seed;
  data.workers = 1;
  data.augment = false;
  DemoBatch demo;
  demo.images = open_batch_source(data)->next_batch().images;
  demo.source = "first " + std::to_string(count) + " training images (no augmentation)";
  return demo;
}

}  // namespace

DemoBatch load_demo_batch(const TrainConfig& config, const DatasetInfo& train_info, int count) {
  try {
    return from_test_split(config, train_info, count);
  } catch (const std::exception& error) {
    spdlog::debug("demo batch: no test split ({}), using the training stream", error.what());
  }
  return from_training_stream(config, count);
}

uint64_t demo_mask_seed(const TrainConfig& config) { return config.seed * 7919ULL + 1000003ULL; }

}  // namespace rcmae
