#pragma once
// How well hidden patches are reconstructed, and where a prediction is placed in pixel space
// for display and scoring. One rule for every view and metric: a prediction is placed only
// with information the model had.
#include <torch/torch.h>

namespace rcmae {

// Predictions [N, L, D] in the model's target space -> patches [N, L, D] in the space of
// `original_patches` (patchified normalised images). Pixel targets are returned as they are.
// Norm-pix targets are un-normalised with statistics the model could know: every hidden patch
// with the mean patch mean and mean patch std (sqrt(unbiased var + 1e-6)) of the same image's
// visible patches (mask 0), every visible patch with its own.
torch::Tensor place_prediction(const torch::Tensor& pred, const torch::Tensor& original_patches,
                               const torch::Tensor& mask, bool norm_pix);

// The paper-figure placement: every patch un-normalised with its own TRUE statistics, hidden
// ones included: information the model never had. Only for an explicit, labelled view.
torch::Tensor place_prediction_with_true_stats(const torch::Tensor& pred,
                                               const torch::Tensor& original_patches,
                                               bool norm_pix);

struct ReconstructionScore {
  double mse = 0;   // mean squared error over every hidden pixel, pixel values in [0, 1]
  double psnr = 0;  // 10 log10(1 / mse)
  double nmse = 0;  // mse / mse of filling each hidden patch with the image's mean visible pixel
};

// Per image [N] (float64): the squared error summed over its hidden pixels, and the same for
// filling each hidden pixel with the image's mean visible pixel (per channel); the number of
// hidden values in the whole set. Item by item what score_reconstruction sums.
struct HiddenPixelErrors {
  torch::Tensor prediction;
  torch::Tensor mean_fill;
  int64_t hidden_values = 0;
};
HiddenPixelErrors hidden_pixel_errors(const torch::Tensor& predicted, const torch::Tensor& truth,
                                      const torch::Tensor& mask, int channels);

// Scores predicted pixels against the truth on the hidden patches. `predicted` and `truth`
// are [N, L, p*p*C] in pixel space ([0, 1], channel last inside a patch), `mask` [N, L] with
// 1 = hidden. The mean fill is per image and channel, over the visible pixels. Sums run over
// the whole set (a ratio of totals, not a mean of per-image ratios).
ReconstructionScore score_reconstruction(const torch::Tensor& predicted, const torch::Tensor& truth,
                                         const torch::Tensor& mask, int channels);
ReconstructionScore score_reconstruction(const HiddenPixelErrors& errors);

}  // namespace rcmae
