#include "rcmae/eval/linear_probe.h"

#include "rcmae/eval/frozen_features.h"
#include "rcmae/eval/labelled_eval_set.h"

namespace rcmae {

torch::Tensor LinearProbe::standardise(const torch::Tensor& features) const {
  return (features.to(torch::kFloat64) - mean_) / std_;
}

LinearProbe LinearProbe::fit(const torch::Tensor& features, const torch::Tensor& labels,
                             int64_t num_classes, const LinearProbeOptions& options) {
  // Features may come from InferenceMode; the copies below are ordinary tensors autograd
  // can save for the backward pass.
  torch::AutoGradMode grad_on(true);
  LinearProbe probe;
  auto x64 = features.to(torch::kFloat64).clone();
  probe.mean_ = x64.mean(0);
  // A constant feature carries no information: dividing by 1 keeps it at 0, not NaN.
  auto spread = x64.std(0, /*unbiased=*/false);
  probe.std_ = torch::where(spread > 1e-8, spread, torch::ones_like(spread));
  const auto x = probe.standardise(x64);
  const auto y = labels.to(torch::kInt64).clone();

  const auto dims = torch::TensorOptions().dtype(torch::kFloat64);
  auto weight = torch::zeros({num_classes, x.size(1)}, dims).requires_grad_(true);
  auto bias = torch::zeros({num_classes}, dims).requires_grad_(true);
  torch::optim::LBFGS optimiser({weight, bias}, torch::optim::LBFGSOptions(1.0)
                                                    .max_iter(options.max_iterations)
                                                    .history_size(20)
                                                    .tolerance_grad(1e-9)
                                                    .tolerance_change(1e-12)
                                                    .line_search_fn("strong_wolfe"));
  auto objective = [&]() {
    optimiser.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(torch::addmm(bias, x, weight.t()), y) +
                0.5 * options.weight_decay * weight.pow(2).sum();
    loss.backward();
    return loss;
  };
  optimiser.step(objective);
  probe.weight_ = weight.detach();
  probe.bias_ = bias.detach();
  return probe;
}

torch::Tensor LinearProbe::logits(const torch::Tensor& features) const {
  torch::NoGradGuard no_grad;
  return torch::addmm(bias_, standardise(features), weight_.t());
}

double LinearProbe::accuracy(const torch::Tensor& features, const torch::Tensor& labels) const {
  return top1_accuracy(logits(features), labels);
}

double probe_accuracy(MaeVit& model, const LabelledEvalSet& data, bool mean_pooling,
                      const LinearProbeOptions& options) {
  const auto bank = encoder_features_in_batches(model, data.bank_images(), mean_pooling);
  const auto query = encoder_features_in_batches(model, data.query_images(), mean_pooling);
  return LinearProbe::fit(bank, data.bank_labels(), data.num_classes(), options)
      .accuracy(query, data.query_labels());
}

}  // namespace rcmae
