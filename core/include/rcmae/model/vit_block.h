#pragma once
// Pre-norm transformer block of ViT: x + attn(norm1(x)), then x + mlp(norm2(x)).
#include <torch/torch.h>

namespace rcmae {

// MAE's norm_layer: LayerNorm with eps 1e-6 (the blocks', the encoder's and decoder's final
// norms, the fine-tuning fc_norm).
torch::nn::LayerNorm vit_layer_norm(int64_t dim);

struct AttentionImpl : torch::nn::Module {
  AttentionImpl(int64_t dim, int64_t heads);
  torch::Tensor forward(const torch::Tensor& x);
  // The same output through the composite math, with the softmax probabilities of every
  // head written to `weights` ([B, H, N, N], rows sum to 1). For looking at the model (the
  // attention maps of the demo batch), never for training: the fused kernel keeps no weights.
  torch::Tensor forward_with_weights(const torch::Tensor& x, torch::Tensor& weights);

  int64_t heads;
  double scale;
  torch::nn::Linear qkv{nullptr};
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(Attention);

struct MlpImpl : torch::nn::Module {
  MlpImpl(int64_t dim, int64_t hidden);
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Linear fc1{nullptr};
  torch::nn::Linear fc2{nullptr};
};
TORCH_MODULE(Mlp);

struct BlockImpl : torch::nn::Module {
  BlockImpl(int64_t dim, int64_t heads, int64_t mlp_ratio);
  torch::Tensor forward(torch::Tensor x);
  // The same with each image's residual branches scaled by `branch_keep` [N, 2] (attention,
  // MLP; 0 drops the branch): stochastic depth in training (model/drop_path.h). An undefined
  // tensor is forward(x).
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& branch_keep);
  // forward() that also returns the attention probabilities (AttentionImpl::forward_with_weights).
  torch::Tensor forward_with_weights(torch::Tensor x, torch::Tensor& weights);

  torch::nn::LayerNorm norm1{nullptr};
  Attention attn{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  Mlp mlp{nullptr};
};
TORCH_MODULE(Block);

}  // namespace rcmae
