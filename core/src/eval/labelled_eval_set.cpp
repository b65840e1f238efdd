#include "rcmae/eval/labelled_eval_set.h"

#include <algorithm>

#include "rcmae/data/augment.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/image_dataset.h"
#include "rcmae/data/random.h"

namespace rcmae {

std::vector<int64_t> spaced_indices(int64_t size, int64_t count) {
  count = std::min(count, size);
  std::vector<int64_t> indices;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t begin = i * size / count, end = (i + 1) * size / count;
    // A fixed, well mixed offset per block (a plain stride aliases with label = index % C).
    indices.push_back(begin + int64_t(splitmix64(uint64_t(i)) % uint64_t(end - begin)));
  }
  return indices;
}

torch::Tensor correct_predictions(const torch::Tensor& class_scores, const torch::Tensor& labels) {
  return class_scores.argmax(1).eq(labels).to(torch::kFloat64);
}

double top1_accuracy(const torch::Tensor& class_scores, const torch::Tensor& labels) {
  return correct_predictions(class_scores, labels).mean().item<double>();
}

LabelledEvalSet::LabelledEvalSet(const std::string& spec, const ModelConfig& model,
                                 std::vector<float> mean, std::vector<float> std, int64_t bank_size,
                                 int64_t query_size)
    : img_size_(model.img_size), mean_(std::move(mean)), std_(std::move(std)) {
  auto train = open_dataset(spec, Split::Train, model.channels, model.img_size);
  test_ = open_dataset(spec, Split::Test, model.channels, model.img_size);
  num_classes_ = train->info().num_classes;
  if (num_classes_ < 2)
    throw DataError(spec, "kNN accuracy and the linear probe need class labels (found " +
                              std::to_string(num_classes_) + " classes)");
  const auto bank = spaced_indices(train->size(), bank_size);
  query_indices_ = spaced_indices(test_->size(), query_size);
  bank_images_ = eval_batch(*train, bank, img_size_, mean_, std_);
  bank_labels_ = label_batch(*train, bank);
  query_images_ = eval_batch(*test_, query_indices_, img_size_, mean_, std_);
  query_labels_ = label_batch(*test_, query_indices_);
}

LabelledEvalSet::~LabelledEvalSet() = default;

torch::Tensor LabelledEvalSet::changed_query_images(const ImageChange& change) const {
  const auto n = static_cast<int64_t>(query_indices_.size());
  const int channels = test_->info().channels;
  torch::Tensor out = torch::empty({n, channels, img_size_, img_size_}, torch::kFloat32);
  const int64_t stride = int64_t(channels) * img_size_ * img_size_;
  for (int64_t k = 0; k < n; ++k) {
    const int64_t index = query_indices_[size_t(k)];
    const cv::Mat changed = change(eval_transform(test_->image(index), img_size_), index);
    normalize_into(changed, mean_, std_, out.data_ptr<float>() + k * stride);
  }
  return out;
}

}  // namespace rcmae
