#include "rcmae/eval/classifier_replicas.h"

#include <stdexcept>

#include "rcmae/runtime/shared_replica.h"

namespace rcmae {
namespace {

EncoderClassifier build_replica(const EncoderClassifier& original) {
  EncoderClassifier replica{nullptr};
  {
    KeepGlobalRandomState keep;
    replica = EncoderClassifier(MaeVit(original->encoder->config()), original->head->weight.size(0),
                                original->global_pool);
  }
  share_storage(*replica, *original);
  return replica;
}

}  // namespace

ClassifierReplicas::ClassifierReplicas(EncoderClassifier classifier, int workers)
    : workers_(workers) {
  if (!classifier->head->weight.device().is_cpu())
    throw std::invalid_argument("ClassifierReplicas: worker threads are for the CPU");
  models_.push_back(classifier);
  for (int r = 1; r < workers; ++r) models_.push_back(build_replica(classifier));
  for (const auto& model : models_) trainable_.push_back(trainable_parameters(*model));
}

double ClassifierReplicas::forward_backward(
    const torch::Tensor& images, const torch::Tensor& labels, const MaskPlan* plan,
    const torch::nn::functional::CrossEntropyFuncOptions& loss, const torch::Tensor& branch_keep) {
  const int64_t n = images.size(0);
  const int count = workers();
  for (size_t r = 1; r < models_.size(); ++r) {
    models_[r]->train(models_[0]->is_training());
    drop_gradients(trainable_[r]);
  }
  std::vector<double> losses(count, 0.0);
  const auto every_patch =
      keep_all_patches(n, models_[0]->encoder->config().num_patches(), images.device());
  workers_.run_over_rows(n, [&](int r, int64_t begin, int64_t rows) {
    const auto part = images.narrow(0, begin, rows);
    const auto keep = branch_keep.defined() ? branch_keep.narrow(0, begin, rows) : torch::Tensor();
    const auto share_plan = mask_rows(plan ? *plan : every_patch, begin, rows);
    const auto logits = models_[r]->forward(part, share_plan, keep);
    const auto value =
        torch::nn::functional::cross_entropy(logits, labels.narrow(0, begin, rows), loss);
    const double share = static_cast<double>(rows) / static_cast<double>(n);
    (value * share).backward();
    losses[r] = value.item<double>() * share;
  });
  for (size_t r = 1; r < models_.size(); ++r) add_gradients(trainable_[r], trainable_[0]);
  double total = 0;
  for (double value : losses) total += value;
  return total;
}

}  // namespace rcmae
