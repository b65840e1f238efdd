#pragma once
// Test helper for fine-tuning: the micro model on one grey channel, and a labelled problem
// it can solve in a few epochs.
#include <torch/torch.h>

#include "../micro_config.h"
#include "rcmae/eval/finetune.h"

inline rcmae::ModelConfig micro_grey() { return rcmae::testing::micro_train_config(1).model; }

// Four classes, each a bright 8x8 quadrant of a 16 px grey image plus noise: separable by
// where the light is, so a working fine-tune must get (nearly) all of them.
inline rcmae::LabelledImages quadrant_images(int64_t count, uint64_t seed) {
  auto generator = at::detail::createCPUGenerator(seed);
  auto images = torch::randn({count, 1, 16, 16}, generator) * 0.3;
  auto labels = torch::arange(count, torch::kInt64).remainder(4);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t c = labels[i].item<int64_t>();
    images[i].narrow(1, (c / 2) * 8, 8).narrow(2, (c % 2) * 8, 8).add_(2.0);
  }
  return {images, labels};
}
