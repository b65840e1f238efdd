#include "rcmae/eval/corruptions.h"

#include <array>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace rcmae {
namespace {

const std::array<double, kCorruptionSeverities>& parameters(Corruption corruption) {
  static const std::array<double, kCorruptionSeverities> noise{0.08, 0.18, 0.38};
  static const std::array<double, kCorruptionSeverities> blur{0.5, 1.0, 1.5};
  static const std::array<double, kCorruptionSeverities> contrast{0.4, 0.2, 0.05};
  static const std::array<double, kCorruptionSeverities> jpeg{25, 15, 7};
  switch (corruption) {
    case Corruption::GaussianNoise:
      return noise;
    case Corruption::GaussianBlur:
      return blur;
    case Corruption::Contrast:
      return contrast;
    case Corruption::Jpeg:
      return jpeg;
  }
  throw std::invalid_argument("unknown corruption");
}

// splitmix64: a well mixed 64-bit seed from (seed, key), so neighbouring images (and the
// severities of one image) do not get correlated noise.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

cv::Mat add_gaussian_noise(const cv::Mat& image, double std_fraction, uint64_t noise_seed) {
  cv::Mat noisy;
  image.convertTo(noisy, CV_32F);
  cv::Mat noise(noisy.size(), noisy.type());
  cv::RNG rng(noise_seed);
  rng.fill(noise, cv::RNG::NORMAL, 0.0, std_fraction * 255.0);
  noisy += noise;
  cv::Mat out;
  noisy.convertTo(out, CV_8U);  // rounds and saturates to [0, 255]
  return out;
}

cv::Mat gaussian_blur(const cv::Mat& image, double sigma) {
  cv::Mat out;
  cv::GaussianBlur(image, out, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT_101);
  return out;
}

cv::Mat reduce_contrast(const cv::Mat& image, double factor) {
  const cv::Scalar mean = cv::mean(image);
  cv::Mat shifted;
  image.convertTo(shifted, CV_32F);
  shifted = (shifted - mean) * factor + mean;
  cv::Mat out;
  shifted.convertTo(out, CV_8U);
  return out;
}

cv::Mat jpeg_round_trip(const cv::Mat& image, int quality) {
  // libjpeg assumes BGR: swap so its luma/chroma split sees the real colours.
  // A fresh Mat for the swap: cvtColor into a header sharing `image` would change the input.
  cv::Mat coded;
  if (image.channels() == 3)
    cv::cvtColor(image, coded, cv::COLOR_RGB2BGR);
  else
    coded = image;
  std::vector<uchar> bytes;
  if (!cv::imencode(".jpg", coded, bytes, {cv::IMWRITE_JPEG_QUALITY, quality}))
    throw std::runtime_error("JPEG encoding failed");
  cv::Mat decoded =
      cv::imdecode(bytes, image.channels() == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
  if (image.channels() == 3) cv::cvtColor(decoded, decoded, cv::COLOR_BGR2RGB);
  return decoded;
}

cv::Mat corrupt_colour(const cv::Mat& image, Corruption corruption, double parameter,
                       uint64_t noise_seed) {
  switch (corruption) {
    case Corruption::GaussianNoise:
      return add_gaussian_noise(image, parameter, noise_seed);
    case Corruption::GaussianBlur:
      return gaussian_blur(image, parameter);
    case Corruption::Contrast:
      return reduce_contrast(image, parameter);
    case Corruption::Jpeg:
      return jpeg_round_trip(image, int(parameter));
  }
  throw std::invalid_argument("unknown corruption");
}

}  // namespace

const std::vector<Corruption>& all_corruptions() {
  static const std::vector<Corruption> all{Corruption::GaussianNoise, Corruption::GaussianBlur,
                                           Corruption::Contrast, Corruption::Jpeg};
  return all;
}

std::string to_string(Corruption corruption) {
  switch (corruption) {
    case Corruption::GaussianNoise:
      return "gaussian_noise";
    case Corruption::GaussianBlur:
      return "gaussian_blur";
    case Corruption::Contrast:
      return "contrast";
    case Corruption::Jpeg:
      return "jpeg";
  }
  return "unknown";
}

std::optional<Corruption> corruption_from_string(const std::string& name) {
  for (Corruption c : all_corruptions())
    if (to_string(c) == name) return c;
  return std::nullopt;
}

double corruption_parameter(Corruption corruption, int severity) {
  if (severity < 1 || severity > kCorruptionSeverities)
    throw std::invalid_argument("corruption severity must be 1-" +
                                std::to_string(kCorruptionSeverities) + ", got " +
                                std::to_string(severity));
  return parameters(corruption)[size_t(severity - 1)];
}

cv::Mat corrupt(const cv::Mat& image, Corruption corruption, int severity, uint64_t seed,
                uint64_t key) {
  if (image.depth() != CV_8U || image.channels() < 1 || image.channels() > 4)
    throw std::invalid_argument("corrupt: expected a uint8 image with 1-4 channels");
  const double parameter = corruption_parameter(corruption, severity);
  const uint64_t noise_seed = mix(mix(mix(seed) ^ key) ^ uint64_t(severity));
  const bool has_alpha = image.channels() == 2 || image.channels() == 4;
  if (!has_alpha) return corrupt_colour(image, corruption, parameter, noise_seed);
  std::vector<cv::Mat> planes;
  cv::split(image, planes);
  cv::Mat alpha = planes.back();
  planes.pop_back();
  cv::Mat colour;
  cv::merge(planes, colour);
  std::vector<cv::Mat> out_planes;
  cv::split(corrupt_colour(colour, corruption, parameter, noise_seed), out_planes);
  out_planes.push_back(alpha);
  cv::Mat out;
  cv::merge(out_planes, out);
  return out;
}

}  // namespace rcmae
