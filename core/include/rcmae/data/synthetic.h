#pragma once
// The built-in procedural dataset: shapes, angled stripes and textures in random colours,
// ten classes, any size and channel count (1-4). Image i of a seed is always the same, so
// the offline default needs no files and trains/evaluates reproducibly.
#include <cstdint>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "rcmae/data/image_dataset.h"

namespace rcmae {

constexpr int kSyntheticClasses = 10;
constexpr int64_t kSyntheticTrainSize = 50000;
constexpr int64_t kSyntheticTestSize = 10000;

// Names of the ten classes, index = label.
const std::vector<std::string>& synthetic_class_names();

// Draws image `index` (label index % 10) as uint8 HWC RGB(A)/gray of size x size.
cv::Mat render_synthetic(uint64_t seed, int64_t index, int size, int channels);

class SyntheticDataset : public ImageDataset {
 public:
  // Test images are drawn from indices after the train ones, so the splits never overlap.
  SyntheticDataset(Split split, int size, int channels, uint64_t seed = 0);

  int64_t size() const override;
  int64_t label(int64_t index) const override;
  cv::Mat image(int64_t index) const override;
  const DatasetInfo& info() const override { return info_; }

 private:
  int64_t offset_ = 0;
  int64_t size_ = 0;
  int side_ = 32;
  int channels_ = 3;
  uint64_t seed_ = 0;
  DatasetInfo info_;
};

}  // namespace rcmae
