#pragma once
// Loads the encoder an evaluation or a fine-tune asked for (eval/encoder_choice.h): a run's
// checkpoint (teacher or student), a state dict file with the public MAE names
// (--init-from), or a fresh initialisation of a run's architecture (the from-scratch
// baseline).
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "rcmae/eval/encoder_choice.h"
#include "rcmae/model/mae_vit.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

struct LoadedEncoder {
  MaeVit model{nullptr};  // on the CPU, eval mode
  TrainConfig config;     // the checkpoint's or `shape`
  std::string which;      // teacher | student | scratch | weights
  int64_t step = 0;       // the checkpoint's training step (0 otherwise)
};

// Throws CheckpointError (bad checkpoint), StateDictError (bad weights file, naming the
// tensor) and std::invalid_argument (a teacher asked of an MAE run, unknown `which`).
LoadedEncoder load_encoder(const EncoderChoice& choice);

}  // namespace rcmae
