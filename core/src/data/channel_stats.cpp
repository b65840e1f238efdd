#include "rcmae/data/channel_stats.h"

#include <algorithm>
#include <cmath>

#include "rcmae/data/image_dataset.h"

namespace rcmae {

namespace {
constexpr double kMinStd = 1e-6;
}

ChannelStats compute_channel_stats(const ImageDataset& dataset, int64_t max_images) {
  const int64_t n = dataset.size();
  const int64_t count = std::min(n, max_images);
  return compute_channel_stats([&](int64_t k) { return dataset.image(k * n / count); }, count);
}

ChannelStats compute_channel_stats(const std::function<cv::Mat(int64_t)>& image_at, int64_t count) {
  int channels = 0;
  std::vector<double> sum, sum_sq;
  double pixels = 0;
  for (int64_t k = 0; k < count; ++k) {
    const cv::Mat image = image_at(k);
    if (channels == 0) {
      channels = image.channels();
      sum.assign(static_cast<size_t>(channels), 0.0);
      sum_sq.assign(static_cast<size_t>(channels), 0.0);
    }
    cv::Scalar mean, stddev;
    cv::meanStdDev(image, mean, stddev);
    const double p = static_cast<double>(image.total());
    // Accumulate E[x] and E[x^2] weighted by pixel count, so mixed sizes combine correctly.
    for (int c = 0; c < channels; ++c) {
      sum[c] += mean[c] * p;
      sum_sq[c] += (stddev[c] * stddev[c] + mean[c] * mean[c]) * p;
    }
    pixels += p;
  }
  ChannelStats stats;
  for (int c = 0; c < channels; ++c) {
    const double m = sum[c] / pixels;
    const double var = std::max(0.0, sum_sq[c] / pixels - m * m);
    const double s = std::sqrt(var) / 255.0;
    stats.mean.push_back(static_cast<float>(m / 255.0));
    stats.std.push_back(static_cast<float>(s < kMinStd ? 1.0 : s));
  }
  return stats;
}

ChannelStats adapt_known_stats(const ChannelStats& known, int channels) {
  const bool gray = known.mean.size() == 1;
  float gray_mean = known.mean[0];
  float gray_std = known.std[0];
  if (!gray) {
    // Rough luminance stats of an RGB set; exact ones would need the data.
    gray_mean = 0.299f * known.mean[0] + 0.587f * known.mean[1] + 0.114f * known.mean[2];
    gray_std = 0.299f * known.std[0] + 0.587f * known.std[1] + 0.114f * known.std[2];
  }
  ChannelStats out;
  const int colour = channels >= 3 ? 3 : 1;
  for (int c = 0; c < colour; ++c) {
    out.mean.push_back(colour == 1 ? gray_mean : (gray ? gray_mean : known.mean[c]));
    out.std.push_back(colour == 1 ? gray_std : (gray ? gray_std : known.std[c]));
  }
  if (channels == 2 || channels == 4) {  // opaque alpha: constant 1
    out.mean.push_back(1.0f);
    out.std.push_back(1.0f);
  }
  return out;
}

}  // namespace rcmae
