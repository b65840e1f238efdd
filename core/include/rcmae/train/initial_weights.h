#pragma once
// Training that starts from existing weights (--init-from): a state dict with the public MAE
// names, as `rcmae export` or PyTorch MAE code writes it.
#include <string>

#include "rcmae/model/mae_vit.h"

namespace rcmae {

// Loads `path` into `model`. A file without a decoder sets the encoder only; the decoder
// keeps the model's own initialisation, and the log says so. Throws std::invalid_argument
// naming --init-from, the file and the problem (missing tensor, shape mismatch, ...); the
// model is unchanged then.
void start_from_weights(MaeVit& model, const std::string& path);

}  // namespace rcmae
