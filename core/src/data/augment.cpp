#include "rcmae/data/augment.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <string>

namespace rcmae {

CropBox sample_resized_crop(int height, int width, Rng& rng, const CropParams& params) {
  const double area = static_cast<double>(height) * width;
  const double log_min = std::log(params.min_ratio);
  const double log_max = std::log(params.max_ratio);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target_area = area * rng.uniform(params.min_scale, params.max_scale);
    const double ratio = std::exp(rng.uniform(log_min, log_max));
    const int w = static_cast<int>(std::lround(std::sqrt(target_area * ratio)));
    const int h = static_cast<int>(std::lround(std::sqrt(target_area / ratio)));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const int top = static_cast<int>(rng.uniform_int(0, height - h));
      const int left = static_cast<int>(rng.uniform_int(0, width - w));
      return {top, left, h, w};
    }
  }
  // Fallback: the whole image, trimmed to the nearest allowed aspect ratio, centred.
  const double in_ratio = static_cast<double>(width) / height;
  int w = width;
  int h = height;
  if (in_ratio < params.min_ratio) {
    h = std::max(1, static_cast<int>(std::lround(w / params.min_ratio)));
  } else if (in_ratio > params.max_ratio) {
    w = std::max(1, static_cast<int>(std::lround(h * params.max_ratio)));
  }
  return {(height - h) / 2, (width - w) / 2, h, w};
}

cv::Mat resized_crop(const cv::Mat& image, const CropBox& box, int size) {
  const cv::Mat roi = image(cv::Rect(box.left, box.top, box.width, box.height));
  cv::Mat out;
  if (box.width == size && box.height == size) {
    roi.copyTo(out);
  } else {
    cv::resize(roi, out, cv::Size(size, size), 0, 0, cv::INTER_CUBIC);
  }
  return out;
}

cv::Mat augment_train(const cv::Mat& image, int size, Rng& rng, const CropParams& params) {
  const CropBox box = sample_resized_crop(image.rows, image.cols, rng, params);
  cv::Mat out = resized_crop(image, box, size);
  if (rng.coin()) cv::flip(out, out, 1);
  return out;
}

cv::Mat eval_transform(const cv::Mat& image, int size) {
  if (image.rows == size && image.cols == size) return image;
  const double scale = static_cast<double>(size) / std::min(image.rows, image.cols);
  // Round, but never below the target, so the centre crop always fits.
  const int h = std::max(size, static_cast<int>(std::lround(image.rows * scale)));
  const int w = std::max(size, static_cast<int>(std::lround(image.cols * scale)));
  cv::Mat resized;
  cv::resize(image, resized, cv::Size(w, h), 0, 0, cv::INTER_CUBIC);
  return resized(cv::Rect((w - size) / 2, (h - size) / 2, size, size)).clone();
}

void normalize_into(const cv::Mat& image, const std::vector<float>& mean,
                    const std::vector<float>& std, float* out) {
  const int channels = image.channels();
  if (static_cast<int>(mean.size()) != channels || static_cast<int>(std.size()) != channels) {
    throw std::invalid_argument("normalize_into: " + std::to_string(channels) +
                                "-channel image but mean/std have " + std::to_string(mean.size()) +
                                "/" + std::to_string(std.size()));
  }
  const size_t plane = static_cast<size_t>(image.rows) * image.cols;
  cv::Mat channel;
  for (int c = 0; c < channels; ++c) {
    if (channels == 1) {
      channel = image;
    } else {
      cv::extractChannel(image, channel, c);
    }
    // The output plane is a header over the caller's memory: convertTo writes in place.
    cv::Mat dst(image.rows, image.cols, CV_32FC1, out + c * plane);
    const double scale = 1.0 / (255.0 * std[static_cast<size_t>(c)]);
    const double shift =
        -static_cast<double>(mean[static_cast<size_t>(c)]) / std[static_cast<size_t>(c)];
    channel.convertTo(dst, CV_32F, scale, shift);
  }
}

cv::Mat convert_channels(const cv::Mat& image, int channels) {
  const int from = image.channels();
  if (channels < 1 || channels > 4 || from < 1 || from > 4) {
    throw std::invalid_argument("convert_channels: cannot convert " + std::to_string(from) +
                                " to " + std::to_string(channels) + " channels (1-4 only)");
  }
  if (from == channels) return image;
  // Bring everything to gray or RGB(A) first, then to the target.
  static const int kToGray[5] = {0, -1, -1, cv::COLOR_RGB2GRAY, cv::COLOR_RGBA2GRAY};
  cv::Mat out;
  switch (channels) {
    case 1:
      if (from == 2) {
        cv::extractChannel(image, out, 0);
      } else {
        cv::cvtColor(image, out, kToGray[from]);
      }
      return out;
    case 2: {
      cv::Mat gray = from == 1 ? image : convert_channels(image, 1);
      cv::Mat alpha(image.size(), CV_8UC1, cv::Scalar(255));
      if (from == 4) cv::extractChannel(image, alpha, 3);
      cv::merge(std::vector<cv::Mat>{gray, alpha}, out);
      return out;
    }
    case 3:
      if (from == 1) {
        cv::cvtColor(image, out, cv::COLOR_GRAY2RGB);
      } else if (from == 2) {
        cv::Mat gray;
        cv::extractChannel(image, gray, 0);
        cv::cvtColor(gray, out, cv::COLOR_GRAY2RGB);
      } else {
        cv::cvtColor(image, out, cv::COLOR_RGBA2RGB);
      }
      return out;
    default:  // 4
      if (from == 1) {
        cv::cvtColor(image, out, cv::COLOR_GRAY2RGBA);
      } else if (from == 3) {
        cv::cvtColor(image, out, cv::COLOR_RGB2RGBA);
      } else {  // gray + alpha: replicate gray, keep alpha
        std::vector<cv::Mat> planes;
        cv::split(image, planes);
        cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, out);
      }
      return out;
  }
}

}  // namespace rcmae
