#include "rcmae/eval/reconstruction_quality.h"

#include <cmath>

namespace rcmae {
namespace {

constexpr double kNormPixEps = 1e-6;  // as in the norm-pix target (model/loss)

torch::Tensor patch_std(const torch::Tensor& patches) {
  return torch::sqrt(patches.var(-1, /*unbiased=*/true, /*keepdim=*/true) + kNormPixEps);
}

// Mean over the visible patches of a per-patch statistic [N, L, 1] -> [N, 1, 1].
torch::Tensor visible_mean(const torch::Tensor& per_patch, const torch::Tensor& visible) {
  auto weight = visible.unsqueeze(-1);
  auto count = weight.sum(1, /*keepdim=*/true).clamp_min(1);
  return (per_patch * weight).sum(1, /*keepdim=*/true) / count;
}

}  // namespace

torch::Tensor place_prediction(const torch::Tensor& pred, const torch::Tensor& original_patches,
                               const torch::Tensor& mask, bool norm_pix) {
  if (!norm_pix) return pred;
  auto visible = (1 - mask).to(pred.dtype());
  auto own_mean = original_patches.mean(-1, /*keepdim=*/true);
  auto own_std = patch_std(original_patches);
  auto hidden_mean = visible_mean(own_mean, visible);
  auto hidden_std = visible_mean(own_std, visible);
  auto keep = visible.unsqueeze(-1);
  auto mean = own_mean * keep + hidden_mean * (1 - keep);
  auto stdev = own_std * keep + hidden_std * (1 - keep);
  return pred * stdev + mean;
}

torch::Tensor place_prediction_with_true_stats(const torch::Tensor& pred,
                                               const torch::Tensor& original_patches,
                                               bool norm_pix) {
  if (!norm_pix) return pred;
  return pred * patch_std(original_patches) + original_patches.mean(-1, /*keepdim=*/true);
}

HiddenPixelErrors hidden_pixel_errors(const torch::Tensor& predicted, const torch::Tensor& truth,
                                      const torch::Tensor& mask, int channels) {
  const int64_t n = truth.size(0), l = truth.size(1);
  auto t = truth.to(torch::kFloat64).reshape({n, l, -1, channels});
  auto p = predicted.to(torch::kFloat64).reshape({n, l, -1, channels});
  auto hidden = mask.to(torch::kFloat64).reshape({n, l, 1, 1});
  auto visible = 1 - hidden;
  const int64_t pixels_per_patch = t.size(2);
  // Per image and channel: the mean of the visible pixels [N, 1, 1, C].
  auto visible_sum = (t * visible).sum({1, 2}, /*keepdim=*/true);
  auto visible_count = (visible.sum(1, /*keepdim=*/true) * pixels_per_patch).clamp_min(1);
  auto fill = visible_sum / visible_count;
  HiddenPixelErrors errors;
  errors.prediction = ((p - t).pow(2) * hidden).sum({1, 2, 3});
  errors.mean_fill = ((fill - t).pow(2) * hidden).sum({1, 2, 3});
  errors.hidden_values = (hidden.sum() * pixels_per_patch * channels).item<int64_t>();
  return errors;
}

ReconstructionScore score_reconstruction(const torch::Tensor& predicted, const torch::Tensor& truth,
                                         const torch::Tensor& mask, int channels) {
  return score_reconstruction(hidden_pixel_errors(predicted, truth, mask, channels));
}

ReconstructionScore score_reconstruction(const HiddenPixelErrors& errors) {
  ReconstructionScore score;
  if (errors.hidden_values <= 0) return score;
  const double hidden_values = double(errors.hidden_values);
  score.mse = errors.prediction.sum().item<double>() / hidden_values;
  const double fill_mse = errors.mean_fill.sum().item<double>() / hidden_values;
  score.psnr = score.mse > 0 ? 10.0 * std::log10(1.0 / score.mse) : INFINITY;
  score.nmse = fill_mse > 0 ? score.mse / fill_mse : std::nan("");
  return score;
}

}  // namespace rcmae
