#pragma once
// Random-access view of one split of a dataset: the non-streaming API used by evaluation
// (kNN, robustness) and the store behind the training pipeline.
//
//   auto test = rcmae::open_dataset("fashion-mnist", rcmae::Split::Test, 1);
//   cv::Mat img = test->image(0);            // uint8 HWC, RGB order, 1 channel here
//   torch::Tensor x = rcmae::eval_batch(*test, {0, 1, 2}, 28, test->info());
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "rcmae/data/batch_source.h"

namespace rcmae {

enum class Split { Train, Test };

class ImageDataset {
 public:
  virtual ~ImageDataset() = default;
  virtual int64_t size() const = 0;
  // Class index in [0, info().num_classes), or -1 when the dataset has no labels.
  virtual int64_t label(int64_t index) const = 0;
  // uint8, HWC, info().channels channels, RGB(A) order; a fresh copy the caller may modify.
  // Thread-safe. Throws DataError naming the file when a streamed image cannot be decoded.
  virtual cv::Mat image(int64_t index) const = 0;
  // Shared by both splits of a dataset: sizes of both, and the train split's mean/std.
  virtual const DatasetInfo& info() const = 0;
};

// Opens one split. `channels` (1-4) is what image() delivers: gray, gray+alpha, RGB, RGBA.
// `synthetic_size` is the side of generated images; other sources ignore it.
// Throws DataError naming the file and the problem.
std::shared_ptr<ImageDataset> open_dataset(const std::string& spec, Split split, int channels,
                                           int synthetic_size = 32);

// The eval transform (resize shorter side + centre crop to img_size, no randomness) and
// normalisation with mean/std, for the given indices: float32 [N, C, img_size, img_size].
torch::Tensor eval_batch(const ImageDataset& dataset, const std::vector<int64_t>& indices,
                         int img_size, const std::vector<float>& mean,
                         const std::vector<float>& std);
// Same, normalised with the dataset's own info().mean / info().std.
torch::Tensor eval_batch(const ImageDataset& dataset, const std::vector<int64_t>& indices,
                         int img_size);

// Labels of the given indices as int64 [N].
torch::Tensor label_batch(const ImageDataset& dataset, const std::vector<int64_t>& indices);

}  // namespace rcmae
