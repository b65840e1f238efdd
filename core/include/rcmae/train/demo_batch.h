#pragma once
// The fixed batch a run reconstructs for its snapshots: the window at every snapshot, every
// run (window or CLI) once more at its end for the run folder.
#include <torch/torch.h>

#include <string>

#include "rcmae/data/batch_source.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

struct DemoBatch {
  torch::Tensor images;  // [N, C, H, W], normalised like the training batches
  std::string source;    // e.g. "test split, images 0, 1250, ..." for the user
};

// Test-split images spread over the split, with the eval transform (no augmentation) and
// the training source's normalisation. Falls back to the first batch of a non-augmented
// training stream when the dataset has no test split (folder:DIR).
DemoBatch load_demo_batch(const TrainConfig& config, const DatasetInfo& train_info, int count);

// The demo batch is reconstructed with the same mask every time, so snapshots taken at
// different steps (and by the window and the CLI) differ only by what the model learned.
uint64_t demo_mask_seed(const TrainConfig& config);

}  // namespace rcmae
