#pragma once
// MAE's augmentation (RandomResizedCrop + horizontal flip + normalisation) and the
// deterministic eval transform, on uint8 HWC cv::Mat, with OpenCV doing the pixel work.
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "rcmae/data/random.h"

namespace rcmae {

struct CropBox {
  int top = 0;
  int left = 0;
  int height = 0;
  int width = 0;
};

struct CropParams {
  double min_scale = 0.2;  // fraction of the image area
  double max_scale = 1.0;
  double min_ratio = 3.0 / 4.0;  // width / height
  double max_ratio = 4.0 / 3.0;
};

// torchvision's RandomResizedCrop.get_params: 10 attempts at a box with area fraction
// uniform in [min_scale, max_scale] and log-uniform aspect ratio, then a centre crop
// clamped to the ratio range. Exposed so tests can check the bounds over many draws.
CropBox sample_resized_crop(int height, int width, Rng& rng, const CropParams& params = {});

// Crop `box` from `image` and resize it to size x size with bicubic interpolation.
cv::Mat resized_crop(const cv::Mat& image, const CropBox& box, int size);

// The training transform: random resized crop to size x size, flip with probability 0.5.
cv::Mat augment_train(const cv::Mat& image, int size, Rng& rng, const CropParams& params = {});

// The eval transform: resize the shorter side to `size` (bicubic), then centre crop.
// An image already size x size is returned unchanged.
cv::Mat eval_transform(const cv::Mat& image, int size);

// Writes uint8 HWC `image` as float CHW ((x / 255 - mean[c]) / std[c]) to `out`, which
// holds channels * rows * cols floats.
void normalize_into(const cv::Mat& image, const std::vector<float>& mean,
                    const std::vector<float>& std, float* out);

// Converts gray / gray+alpha / RGB / RGBA (any of 1-4 channels) to `channels` (1-4).
// Colour inputs are RGB(A) order. Throws std::invalid_argument for other counts.
cv::Mat convert_channels(const cv::Mat& image, int channels);

}  // namespace rcmae
