#pragma once
#include <torch/torch.h>

namespace rcmae {

// [N, C, H, W] -> [N, L, p*p*C]: patches in row-major order; inside a patch the order is
// (row, col, channel) with channel last, as the MAE reference ("nchpwq -> nhwpqc").
torch::Tensor patchify(const torch::Tensor& images, int patch);

// Inverse of patchify for square images.
torch::Tensor unpatchify(const torch::Tensor& patches, int patch, int channels);

}  // namespace rcmae
