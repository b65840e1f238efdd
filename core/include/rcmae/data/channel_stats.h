#pragma once
// Per-channel mean/std of a dataset in [0, 1] units, for normalisation.
#include <cstdint>
#include <functional>
#include <opencv2/core.hpp>
#include <vector>

namespace rcmae {

class ImageDataset;

struct ChannelStats {
  std::vector<float> mean;
  std::vector<float> std;
};

// Estimates the statistics from up to `max_images` images spread evenly over the dataset
// (deterministic). A channel with (near) zero spread, e.g. an opaque alpha, gets std 1 so
// normalising never divides by zero.
ChannelStats compute_channel_stats(const ImageDataset& dataset, int64_t max_images = 2000);
// Same over images image_at(0) .. image_at(count - 1).
ChannelStats compute_channel_stats(const std::function<cv::Mat(int64_t)>& image_at, int64_t count);

// Known statistics of a gray dataset (or an RGB one) adapted to `channels`: gray is
// replicated into RGB, RGB is averaged for gray (an estimate), alpha gets mean 1 / std 1.
ChannelStats adapt_known_stats(const ChannelStats& known, int channels);

}  // namespace rcmae
