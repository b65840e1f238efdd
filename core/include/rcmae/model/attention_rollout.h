#pragma once
// Attention rollout (Abnar & Zuidema, 2020): how much each token's final representation draws
// on each input token, following the attention through every layer. Each layer's heads are
// averaged, the residual connection is accounted for by adding the identity, rows are
// renormalised, and the layers are multiplied from the first to the last. It ignores the
// MLPs and the values' norms, so it is a picture of the attention flow, not an attribution.
#include <torch/torch.h>

#include <vector>

namespace rcmae {

// `layers`: one [N, H, T, T] tensor of softmax probabilities per block, first block first.
// Returns [N, T, T]: row i is token i's rollout over the input tokens; every row sums to 1.
torch::Tensor attention_rollout(const std::vector<torch::Tensor>& layers);

}  // namespace rcmae
