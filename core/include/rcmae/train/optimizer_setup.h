#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace rcmae {

// MAE's rule: no weight decay for biases and 1-D parameters (norm weights); every other
// parameter (weights, cls and mask tokens) decays.
bool parameter_decays(const std::string& name, const torch::Tensor& parameter);

struct ParameterGroups {
  std::vector<std::string> decay_names, no_decay_names;
  std::vector<torch::Tensor> decay, no_decay;
};
ParameterGroups split_weight_decay(const torch::nn::Module& model);

// AdamW with betas (0.9, 0.95), the two groups above.
std::unique_ptr<torch::optim::AdamW> make_adamw(const torch::nn::Module& model, double lr,
                                                double weight_decay);
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

}  // namespace rcmae
