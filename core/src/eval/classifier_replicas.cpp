#include "rcmae/eval/classifier_replicas.h"

#include <ATen/CPUGeneratorImpl.h>

#include <stdexcept>

namespace rcmae {
namespace {

EncoderClassifier build_replica(const EncoderClassifier& original) {
  // Building draws initial weights from the global generator; they are replaced at once, and
  // the draw must not shift what the rest of the program gets from it.
  auto generator = at::detail::getDefaultCPUGenerator();
  const auto state = generator.get_state();
  EncoderClassifier replica(MaeVit(original->encoder->config()), original->head->weight.size(0),
                            original->global_pool);
  generator.set_state(state);
  torch::NoGradGuard no_grad;
  const auto mine = replica->named_parameters(), theirs = original->named_parameters();
  for (const auto& item : theirs) {
    torch::Tensor parameter = mine[item.key()];
    parameter.set_data(item.value());  // the same storage, its own gradient
    parameter.set_requires_grad(item.value().requires_grad());
  }
  const auto my_buffers = replica->named_buffers();
  for (const auto& item : original->named_buffers()) my_buffers[item.key()].set_data(item.value());
  return replica;
}

std::vector<torch::Tensor> trainable(const EncoderClassifier& model) {
  std::vector<torch::Tensor> out;
  for (const auto& parameter : model->parameters())
    if (parameter.requires_grad()) out.push_back(parameter);
  return out;
}

}  // namespace

MaskPlan mask_rows(const MaskPlan& plan, int64_t begin, int64_t count) {
  return MaskPlan{plan.ids_shuffle.narrow(0, begin, count),
                  plan.ids_restore.narrow(0, begin, count), plan.ids_keep.narrow(0, begin, count),
                  plan.mask.narrow(0, begin, count), plan.len_keep};
}

ClassifierReplicas::ClassifierReplicas(EncoderClassifier classifier, int workers)
    : workers_(workers) {
  if (!classifier->head->weight.device().is_cpu())
    throw std::invalid_argument("ClassifierReplicas: worker threads are for the CPU");
  models_.push_back(classifier);
  for (int r = 1; r < workers; ++r) models_.push_back(build_replica(classifier));
  for (const auto& model : models_) trainable_.push_back(trainable(model));
}

double ClassifierReplicas::forward_backward(
    const torch::Tensor& images, const torch::Tensor& labels, const MaskPlan* plan,
    const torch::nn::functional::CrossEntropyFuncOptions& loss) {
  const int64_t n = images.size(0);
  const int count = workers();
  for (size_t r = 1; r < models_.size(); ++r) {
    models_[r]->train(models_[0]->is_training());
    for (auto& parameter : trainable_[r]) parameter.mutable_grad() = torch::Tensor();
  }
  std::vector<double> losses(count, 0.0);
  workers_.run_each([&](int r) {
    const int64_t begin = n * r / count, rows = n * (r + 1) / count - begin;
    if (rows == 0) return;
    const auto part = images.narrow(0, begin, rows);
    const auto logits =
        plan ? models_[r]->forward(part, mask_rows(*plan, begin, rows)) : models_[r]->forward(part);
    const auto value =
        torch::nn::functional::cross_entropy(logits, labels.narrow(0, begin, rows), loss);
    const double share = static_cast<double>(rows) / static_cast<double>(n);
    (value * share).backward();
    losses[r] = value.item<double>() * share;
  });
  // Sum the replicas' gradients into the classifier's.
  torch::NoGradGuard no_grad;
  for (size_t r = 1; r < models_.size(); ++r)
    for (size_t i = 0; i < trainable_[r].size(); ++i) {
      const torch::Tensor& grad = trainable_[r][i].grad();
      if (!grad.defined()) continue;
      torch::Tensor& sum = trainable_[0][i].mutable_grad();
      if (sum.defined())
        sum.add_(grad);
      else
        sum = grad.clone();
    }
  double total = 0;
  for (double value : losses) total += value;
  return total;
}

}  // namespace rcmae
