#include "rcmae/data/in_memory_dataset.h"

#include "rcmae/data/data_error.h"

namespace rcmae {

InMemoryDataset::InMemoryDataset(DatasetInfo info, std::vector<cv::Mat> images,
                                 std::vector<int64_t> labels)
    : info_(std::move(info)), images_(std::move(images)), labels_(std::move(labels)) {
  if (labels_.size() != images_.size()) {
    throw DataError(info_.name, std::to_string(images_.size()) + " images but " +
                                    std::to_string(labels_.size()) + " labels");
  }
}

int64_t InMemoryDataset::label(int64_t index) const {
  return labels_.at(static_cast<size_t>(index));
}

cv::Mat InMemoryDataset::image(int64_t index) const { return view(index).clone(); }

const cv::Mat& InMemoryDataset::view(int64_t index) const {
  return images_.at(static_cast<size_t>(index));
}

std::vector<cv::Mat> split_image_block(const cv::Mat& block, int64_t count, int height) {
  // `block` is (count * height) x width: image i is rows [i*height, (i+1)*height).
  std::vector<cv::Mat> images;
  images.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    images.push_back(
        block.rowRange(static_cast<int>(i * height), static_cast<int>((i + 1) * height)));
  }
  return images;
}

std::vector<int64_t> held_out_indices(int64_t count, Split split) {
  std::vector<int64_t> indices;
  for (int64_t i = 0; i < count; ++i) {
    const bool test = i % kHeldOutEvery == kHeldOutEvery - 1;
    if (test == (split == Split::Test)) indices.push_back(i);
  }
  return indices;
}

std::shared_ptr<InMemoryDataset> select_images(DatasetInfo info, const std::vector<cv::Mat>& images,
                                               const std::vector<int64_t>& labels,
                                               const std::vector<int64_t>& indices) {
  std::vector<cv::Mat> picked_images;
  std::vector<int64_t> picked_labels;
  picked_images.reserve(indices.size());
  picked_labels.reserve(indices.size());
  for (int64_t i : indices) {
    picked_images.push_back(images.at(static_cast<size_t>(i)));
    picked_labels.push_back(labels.at(static_cast<size_t>(i)));
  }
  return std::make_shared<InMemoryDataset>(std::move(info), std::move(picked_images),
                                           std::move(picked_labels));
}

}  // namespace rcmae
