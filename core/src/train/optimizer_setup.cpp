#include "rcmae/train/optimizer_setup.h"

#include "rcmae/util/strings.h"

namespace rcmae {

bool parameter_decays(const std::string& name, const torch::Tensor& parameter) {
  return parameter.dim() > 1 && !ends_with(name, ".bias");
}

ParameterGroups split_weight_decay(const torch::nn::Module& model) {
  ParameterGroups groups;
  for (const auto& item : model.named_parameters()) {
    if (!item.value().requires_grad()) continue;
    if (parameter_decays(item.key(), item.value())) {
      groups.decay_names.push_back(item.key());
      groups.decay.push_back(item.value());
    } else {
      groups.no_decay_names.push_back(item.key());
      groups.no_decay.push_back(item.value());
    }
  }
  return groups;
}

std::unique_ptr<torch::optim::AdamW> make_adamw(const torch::nn::Module& model, double lr,
                                                double weight_decay) {
  auto groups = split_weight_decay(model);
  auto options = [&](double decay) {
    return std::make_unique<torch::optim::AdamWOptions>(
        torch::optim::AdamWOptions(lr).betas({0.9, 0.95}).weight_decay(decay));
  };
  std::vector<torch::optim::OptimizerParamGroup> param_groups;
  param_groups.emplace_back(groups.decay, options(weight_decay));
  param_groups.emplace_back(groups.no_decay, options(0.0));
  return std::make_unique<torch::optim::AdamW>(
      param_groups, torch::optim::AdamWOptions(lr).betas({0.9, 0.95}).weight_decay(weight_decay));
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups())
    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

}  // namespace rcmae
