#pragma once
// Which encoder an evaluation or a fine-tune starts from, in plain values (no torch), so
// `rcmae eval`, `rcmae finetune` and the window's Robustness and Fine-tune dialogs fill in
// one struct: a run's checkpoint (its teacher or student), a state dict with the public MAE
// names, or a fresh initialisation (the from-scratch baseline). eval/encoder_source.h loads it.
#include <filesystem>
#include <string>

#include "rcmae/train/train_config.h"

namespace rcmae {

struct EncoderChoice {
  std::filesystem::path checkpoint;  // a run's checkpoint.ckpt: architecture, dataset, weights
  // teacher | student | auto (teacher if the run has one) | scratch (fresh weights of the
  // checkpoint's or `shape`'s architecture, seeded with `shape.seed`; fine-tuning only)
  std::string which = "auto";
  // A state dict used instead of a checkpoint; `shape` gives its architecture, dataset and
  // feature pooling. An encoder-only file serves.
  std::filesystem::path init_from;
  TrainConfig shape;  // architecture and dataset without a checkpoint
};

// The file the encoder is read from, as logs and reports name it: the state dict when one
// is given, else the checkpoint (empty for scratch without either).
inline const std::filesystem::path& encoder_file(const EncoderChoice& choice) {
  return choice.init_from.empty() ? choice.checkpoint : choice.init_from;
}

}  // namespace rcmae
