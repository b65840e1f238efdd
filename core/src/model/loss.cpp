#include "rcmae/model/loss.h"

#include "rcmae/model/patchify.h"

namespace rcmae {

torch::Tensor patch_targets(const torch::Tensor& images, int patch, bool norm_pix) {
  auto target = patchify(images, patch);
  if (!norm_pix) return target;
  auto mean = target.mean(-1, /*keepdim=*/true);
  auto var = target.var(-1, /*unbiased=*/true, /*keepdim=*/true);
  return (target - mean) / torch::sqrt(var + 1e-6);
}

torch::Tensor patch_mse(const torch::Tensor& pred, const torch::Tensor& target) {
  return (pred - target).pow(2).mean(-1);
}

torch::Tensor masked_mse(const torch::Tensor& pred, const torch::Tensor& target,
                         const torch::Tensor& mask) {
  return (patch_mse(pred, target) * mask).sum() / mask.sum();
}

}  // namespace rcmae
