#pragma once
// Image corruptions for the robustness evaluation, after ImageNet-C (Hendrycks & Dietterich,
// 2019), made with OpenCV on uint8 HWC images at the model's size. Three severities each;
// the parameters (also in docs/USER_GUIDE.md, "Robustness"):
//
//   corruption       parameter                        severity 1    2      3
//   gaussian_noise   noise std, fraction of 255         0.08      0.18   0.38   (ImageNet-C 1, 3,
//   5) gaussian_blur    kernel sigma in pixels             0.5       1.0    1.5    (for 28-32 px
//   images) contrast         factor c: x -> mean + c (x - mean) 0.4       0.2    0.05   (ImageNet-C
//   1, 3, 5) jpeg             JPEG quality                       25        15     7 (ImageNet-C 1,
//   3, 5)
//
// Blur is given in pixels of the small images this workbench trains on (ImageNet-C's sigmas
// are for 224 px). Contrast keeps each channel's mean. Only the colour channels are
// corrupted: an alpha channel (2 or 4 channels) passes unchanged. Gaussian noise draws from
// a generator seeded by (seed, image key), so the same call gives the same image.
#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rcmae {

enum class Corruption { GaussianNoise, GaussianBlur, Contrast, Jpeg };

constexpr int kCorruptionSeverities = 3;

// The four, in the order tables list them.
const std::vector<Corruption>& all_corruptions();

std::string to_string(Corruption corruption);  // gaussian_noise, gaussian_blur, contrast, jpeg
std::optional<Corruption> corruption_from_string(const std::string& name);

// The parameter of the table above; throws std::invalid_argument for a severity outside 1-3.
double corruption_parameter(Corruption corruption, int severity);

// A corrupted copy of `image` (uint8, 1-4 channels, RGB(A) order). `key` (e.g. the image's
// index) and `seed` pick the noise, so each image gets its own, reproducible draw.
cv::Mat corrupt(const cv::Mat& image, Corruption corruption, int severity, uint64_t seed,
                uint64_t key = 0);

}  // namespace rcmae
