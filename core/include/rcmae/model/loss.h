#pragma once
#include <torch/torch.h>

namespace rcmae {

// Reconstruction target: patchify(images), and with norm_pix each patch normalised by its
// own mean and unbiased variance: (t - mean) / sqrt(var + 1e-6).
torch::Tensor patch_targets(const torch::Tensor& images, int patch, bool norm_pix);

// sum_{n,l} mask[n,l] * mean_j (pred - target)^2 / sum mask: masked patches only.
torch::Tensor masked_mse(const torch::Tensor& pred, const torch::Tensor& target,
                         const torch::Tensor& mask);

// Per-patch mean squared error [N, L], for display.
torch::Tensor patch_mse(const torch::Tensor& pred, const torch::Tensor& target);

}  // namespace rcmae
