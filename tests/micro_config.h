#pragma once
// The micro run that engine and window tests train: 16 px images, patch 4, the micro
// preset, batch 8, synthetic data. A step takes milliseconds; each test changes only the
// fields it is about (mode, steps, seed, lr, diagnostics...). Torch-free, so window tests
// use it too.
#include "rcmae/model/model_config.h"
#include "rcmae/train/train_config.h"

namespace rcmae::testing {

inline TrainConfig micro_train_config(int channels = 3) {
  TrainConfig c;
  c.preset = "micro";
  c.model.img_size = 16;
  c.model.channels = channels;
  c.model.patch = 4;
  c.model = *apply_preset("micro", c.model);
  c.dataset = "synthetic";
  c.batch = 8;
  c.warmup_steps = 2;
  c.quality = false;  // held-out evaluations have tests of their own (test_quality_*)
  return c;
}

// The same on one grey channel and one thread (bit-for-bit reproducible losses), `steps`
// long: what the window tests train in a TrainingSession.
inline TrainConfig micro_window_config(int64_t steps = 100000) {
  TrainConfig c = micro_train_config(1);
  c.steps = steps;
  c.threads = 1;
  return c;
}

}  // namespace rcmae::testing
