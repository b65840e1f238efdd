#include "rcmae/eval/knn_monitor.h"

#include <cmath>

#include "rcmae/data/data_error.h"
#include "rcmae/data/image_dataset.h"

namespace rcmae {
namespace {

torch::Tensor l2_normalise(const torch::Tensor& x) {
  return torch::nn::functional::normalize(x, torch::nn::functional::NormalizeFuncOptions().dim(1));
}

// Evenly spaced indices: a fixed subset that covers the whole split (and all classes).
std::vector<int64_t> spaced_indices(int64_t size, int64_t count) {
  count = std::min(count, size);
  std::vector<int64_t> indices;
  for (int64_t i = 0; i < count; ++i) indices.push_back(i * size / count);
  return indices;
}

}  // namespace

torch::Tensor knn_class_scores(const torch::Tensor& query, const torch::Tensor& bank,
                               const torch::Tensor& bank_labels, int64_t num_classes, int k,
                               double temperature) {
  auto similarity = torch::matmul(l2_normalise(query), l2_normalise(bank).t());
  k = int(std::min<int64_t>(k, bank.size(0)));
  auto [top_sim, top_index] = similarity.topk(k, 1);
  auto weights = (top_sim / temperature).exp();
  auto neighbour_labels = bank_labels.index_select(0, top_index.reshape({-1})).reshape(top_index.sizes());
  auto scores = torch::zeros({query.size(0), num_classes}, query.options());
  scores.scatter_add_(1, neighbour_labels, weights);
  return scores;
}

double collapse_gauge(const torch::Tensor& features) {
  auto z = l2_normalise(features.to(torch::kFloat64));
  return (z.std(0, /*unbiased=*/true).mean() * std::sqrt(double(z.size(1)))).item<double>();
}

torch::Tensor encoder_features(MaeVit& model, const torch::Tensor& images, bool mean_pooling) {
  torch::InferenceMode inference;
  const int64_t n = images.size(0), patches = model->config().num_patches();
  // Nothing masked: every patch is visible, in its own order.
  auto ids = torch::arange(patches, torch::TensorOptions().dtype(torch::kInt64).device(images.device()))
                 .unsqueeze(0)
                 .expand({n, patches})
                 .contiguous();
  auto latent = model->forward_encoder(images, mask_from_shuffle(ids, patches));
  return mean_pooling ? latent.narrow(1, 1, patches).mean(1) : latent.select(1, 0);
}

KnnMonitor::KnnMonitor(const std::string& spec, const ModelConfig& model, std::vector<float> mean,
                       std::vector<float> std, KnnOptions options)
    : options_(options) {
  auto train = open_dataset(spec, Split::Train, model.channels, model.img_size);
  auto test = open_dataset(spec, Split::Test, model.channels, model.img_size);
  num_classes_ = train->info().num_classes;
  if (num_classes_ < 2)
    throw DataError(spec + ": kNN accuracy needs class labels (found " +
                    std::to_string(num_classes_) + " classes)");
  auto bank = spaced_indices(train->size(), options_.bank_size);
  auto query = spaced_indices(test->size(), options_.query_size);
  bank_images_ = eval_batch(*train, bank, model.img_size, mean, std);
  bank_labels_ = label_batch(*train, bank);
  query_images_ = eval_batch(*test, query, model.img_size, mean, std);
  query_labels_ = label_batch(*test, query);
}

KnnMonitor::~KnnMonitor() = default;

torch::Tensor KnnMonitor::features_of(MaeVit& model, const torch::Tensor& images) {
  const auto device = model->parameters().front().device();
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < images.size(0); start += options_.batch) {
    auto chunk = images.narrow(0, start, std::min<int64_t>(options_.batch, images.size(0) - start));
    parts.push_back(encoder_features(model, chunk.to(device), options_.mean_pooling).to(torch::kCPU));
  }
  return torch::cat(parts, 0);
}

KnnScore KnnMonitor::evaluate(MaeVit& model) {
  auto bank = features_of(model, bank_images_);
  auto query = features_of(model, query_images_);
  auto scores = knn_class_scores(query, bank, bank_labels_, num_classes_, options_.k,
                                 options_.temperature);
  KnnScore score;
  score.top1 = (scores.argmax(1) == query_labels_).to(torch::kFloat64).mean().item<double>();
  score.collapse = collapse_gauge(query);
  return score;
}

}  // namespace rcmae
