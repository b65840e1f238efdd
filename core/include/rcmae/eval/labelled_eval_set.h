#pragma once
// The fixed labelled images every frozen-encoder evaluation uses: a bank of evenly spread
// training images (the kNN memory and the linear probe's training set) and evenly spread
// test images (the queries). The same subset on every call, covering the whole split.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "rcmae/model/model_config.h"

namespace rcmae {

class ImageDataset;

// min(count, size) distinct, increasing indices, one in each of `count` equal blocks of
// [0, size), at a fixed pseudo-random place inside its block. Not a plain stride: datasets
// ordered by class (the synthetic one's label is index % 10) would give one or two classes.
std::vector<int64_t> spaced_indices(int64_t size, int64_t count);

// Per row of `class_scores` [N, C]: 1.0 when its highest score is at `labels` [N], else 0.0
// (float64 [N], on the scores' device): what paired comparisons keep item by item.
torch::Tensor correct_predictions(const torch::Tensor& class_scores, const torch::Tensor& labels);
// Fraction of rows of `class_scores` [N, C] whose highest score is at `labels` [N].
double top1_accuracy(const torch::Tensor& class_scores, const torch::Tensor& labels);

class LabelledEvalSet {
 public:
  // Opens the train and test splits of `spec` at the model's size and channels, normalised
  // with `mean` / `std` (the training normalisation). Throws DataError when it has no labels.
  LabelledEvalSet(const std::string& spec, const ModelConfig& model, std::vector<float> mean,
                  std::vector<float> std, int64_t bank_size, int64_t query_size);
  ~LabelledEvalSet();

  int64_t num_classes() const { return num_classes_; }
  const torch::Tensor& bank_images() const { return bank_images_; }  // float [B, C, H, W]
  const torch::Tensor& bank_labels() const { return bank_labels_; }  // int64 [B]
  const torch::Tensor& query_images() const { return query_images_; }
  const torch::Tensor& query_labels() const { return query_labels_; }

  // The query images with `change` applied to each one between the eval transform (uint8
  // HWC at the model size) and normalisation; `change` gets the image and its test index.
  using ImageChange = std::function<cv::Mat(const cv::Mat& image, int64_t test_index)>;
  torch::Tensor changed_query_images(const ImageChange& change) const;

 private:
  std::shared_ptr<ImageDataset> test_;
  std::vector<int64_t> query_indices_;
  int img_size_ = 0;
  std::vector<float> mean_, std_;
  int64_t num_classes_ = 0;
  torch::Tensor bank_images_, bank_labels_, query_images_, query_labels_;
};

}  // namespace rcmae
