#pragma once
// A dataset decoded once and kept as uint8 images: IDX, CIFAR and small folders.
#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <vector>

#include "rcmae/data/image_dataset.h"

namespace rcmae {

class InMemoryDataset : public ImageDataset {
 public:
  // `images` are uint8 HWC with info.channels channels (they may share one buffer);
  // `labels` has one entry per image (-1: unlabelled).
  InMemoryDataset(DatasetInfo info, std::vector<cv::Mat> images, std::vector<int64_t> labels);

  int64_t size() const override { return static_cast<int64_t>(images_.size()); }
  int64_t label(int64_t index) const override;
  cv::Mat image(int64_t index) const override;
  const DatasetInfo& info() const override { return info_; }

  // Without the copy image() makes: for hot loops that only read.
  const cv::Mat& view(int64_t index) const;

 private:
  DatasetInfo info_;
  std::vector<cv::Mat> images_;
  std::vector<int64_t> labels_;
};

// Splits one contiguous uint8 buffer of `count` HWC images into per-image headers that
// share it (no copy).
std::vector<cv::Mat> split_image_block(const cv::Mat& block, int64_t count, int height);

// For a source without a test split: a deterministic held-out fraction. Every tenth image
// (index % 10 == 9) is test, the rest train.
constexpr int kHeldOutEvery = 10;
std::vector<int64_t> held_out_indices(int64_t count, Split split);

// The images and labels at `indices` (sharing pixel memory), with `info`.
std::shared_ptr<InMemoryDataset> select_images(DatasetInfo info, const std::vector<cv::Mat>& images,
                                               const std::vector<int64_t>& labels,
                                               const std::vector<int64_t>& indices);

}  // namespace rcmae
