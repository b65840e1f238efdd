#pragma once
// Test helper: a BatchSource that yields the same random batch every time (seeded), so a
// test can exercise the trainer without any dataset code.
#include <torch/torch.h>

#include <memory>

#include "rcmae/data/batch_source.h"
#include "rcmae/train/train_config.h"

class FixedBatchSource : public rcmae::BatchSource {
 public:
  FixedBatchSource(int batch, int channels, int size, uint64_t seed = 0) {
    auto gen = at::detail::createCPUGenerator(seed);
    batch_.images = torch::randn({batch, channels, size, size}, gen, torch::kFloat32);
    batch_.labels = torch::zeros({batch}, torch::kInt64);
    info_.name = "fixed";
    info_.channels = channels;
    info_.mean.assign(channels, 0.5f);
    info_.std.assign(channels, 0.25f);
  }
  rcmae::Batch next_batch() override { return batch_; }
  const rcmae::DatasetInfo& info() const override { return info_; }
  rcmae::Batch batch_;

 private:
  rcmae::DatasetInfo info_;
};

// The fixed batch a run of configuration `c` takes (its batch size, channels, image size).
inline std::unique_ptr<FixedBatchSource> fixed_source(const rcmae::TrainConfig& c, uint64_t seed) {
  return std::make_unique<FixedBatchSource>(c.batch, c.model.channels, c.model.img_size, seed);
}
