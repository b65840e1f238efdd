#pragma once
// Pre-norm transformer block of ViT: x + attn(norm1(x)), then x + mlp(norm2(x)).
#include <torch/torch.h>

namespace rcmae {

struct AttentionImpl : torch::nn::Module {
  AttentionImpl(int64_t dim, int64_t heads);
  torch::Tensor forward(const torch::Tensor& x);

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

  torch::nn::LayerNorm norm1{nullptr};
  Attention attn{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  Mlp mlp{nullptr};
};
TORCH_MODULE(Block);

}  // namespace rcmae
