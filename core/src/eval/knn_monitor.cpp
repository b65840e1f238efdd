#include "rcmae/eval/knn_monitor.h"

#include <cmath>

namespace rcmae {
namespace {

torch::Tensor l2_normalise(const torch::Tensor& x) {
  return torch::nn::functional::normalize(x, torch::nn::functional::NormalizeFuncOptions().dim(1));
}

}  // namespace

torch::Tensor knn_class_scores(const torch::Tensor& query, const torch::Tensor& bank,
                               const torch::Tensor& bank_labels, int64_t num_classes, int k,
                               double temperature) {
  auto similarity = torch::matmul(l2_normalise(query), l2_normalise(bank).t());
  k = int(std::min<int64_t>(k, bank.size(0)));
  auto [top_sim, top_index] = similarity.topk(k, 1);
  auto weights = (top_sim / temperature).exp();
  auto neighbour_labels =
      bank_labels.index_select(0, top_index.reshape({-1})).reshape(top_index.sizes());
  auto scores = torch::zeros({query.size(0), num_classes}, query.options());
  scores.scatter_add_(1, neighbour_labels, weights);
  return scores;
}

double collapse_gauge(const torch::Tensor& features) {
  auto z = l2_normalise(features.to(torch::kFloat64));
  return (z.std(0, /*unbiased=*/true).mean() * std::sqrt(double(z.size(1)))).item<double>();
}

KnnMonitor::KnnMonitor(const std::string& spec, const ModelConfig& model, std::vector<float> mean,
                       std::vector<float> std, KnnOptions options)
    : options_(options),
      data_(spec, model, std::move(mean), std::move(std), options.bank_size, options.query_size) {}

KnnMonitor::~KnnMonitor() = default;

KnnScore KnnMonitor::evaluate(MaeVit& model) {
  auto bank = encoder_features_in_batches(model, data_.bank_images(), options_.mean_pooling,
                                          options_.batch);
  auto query = encoder_features_in_batches(model, data_.query_images(), options_.mean_pooling,
                                           options_.batch);
  auto scores = knn_class_scores(query, bank, data_.bank_labels(), data_.num_classes(), options_.k,
                                 options_.temperature);
  KnnScore score;
  score.top1 = top1_accuracy(scores, data_.query_labels());
  score.collapse = collapse_gauge(query);
  return score;
}

}  // namespace rcmae
