#pragma once
// Where an evaluation or a fine-tune gets its encoder: a run's checkpoint (teacher or
// student), a state dict file with the public MAE names (--init-from), or a fresh
// initialisation of a run's architecture (the from-scratch baseline).
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "rcmae/model/mae_vit.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

struct EncoderSource {
  std::filesystem::path checkpoint;  // a run's checkpoint.ckpt; its config gives the shape
  // teacher | student | auto (teacher if the run has one) | scratch (fresh weights of the
  // checkpoint's or `shape`'s architecture, seeded with `shape.seed`)
  std::string which = "auto";
  std::filesystem::path weights;  // a state dict: used instead of a checkpoint when set
  TrainConfig shape;              // architecture and dataset without a checkpoint
};

struct LoadedEncoder {
  MaeVit model{nullptr};  // on the CPU, eval mode
  TrainConfig config;     // the checkpoint's or `shape`
  std::string which;      // teacher | student | scratch | weights
  int64_t step = 0;       // the checkpoint's training step (0 otherwise)
};

// Throws CheckpointError (bad checkpoint), StateDictError (bad weights file, naming the
// tensor) and std::invalid_argument (a teacher asked of an MAE run, unknown `which`).
LoadedEncoder load_encoder(const EncoderSource& source);

}  // namespace rcmae
