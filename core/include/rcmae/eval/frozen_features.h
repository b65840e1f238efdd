#pragma once
// Features of a frozen encoder, as every evaluation (kNN monitor, linear probe, robustness)
// reads them: whole unmasked images through the encoder, cls token or mean-pooled patches.
#include <torch/torch.h>

#include "rcmae/model/mae_vit.h"

namespace rcmae {

// Encoder features of whole (unmasked) images: [N, D].
torch::Tensor encoder_features(MaeVit& model, const torch::Tensor& images, bool mean_pooling);

// Same for any number of CPU images, `batch` at a time on the model's device: [N, D] on the
// CPU. Chunking keeps memory flat for a 2000-image bank. Between chunks it asks this
// thread's CancelScope whether to give up (eval/measurement_cancel.h).
torch::Tensor encoder_features_in_batches(MaeVit& model, const torch::Tensor& images,
                                          bool mean_pooling, int64_t batch = 250);

}  // namespace rcmae
