#include "rcmae/model/attention_rollout.h"

#include <stdexcept>

namespace rcmae {

torch::Tensor attention_rollout(const std::vector<torch::Tensor>& layers) {
  if (layers.empty()) throw std::invalid_argument("attention_rollout: no layers");
  const int64_t tokens = layers.front().size(-1);
  const auto identity = torch::eye(tokens, layers.front().options()).unsqueeze(0);
  torch::Tensor rollout;
  for (const auto& weights : layers) {
    // Half the residual stream passes a block unchanged: A = (mean_h W + I), rows to 1.
    auto mixed = weights.mean(1) + identity;
    mixed = mixed / mixed.sum(-1, /*keepdim=*/true);
    // Layer l's tokens mix layer l-1's tokens, which already mixed the input's.
    rollout = rollout.defined() ? torch::matmul(mixed, rollout) : mixed;
  }
  return rollout;
}

}  // namespace rcmae
