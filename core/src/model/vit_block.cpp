#include "rcmae/model/vit_block.h"

#include <cmath>
#include <utility>

#include "rcmae/model/fused_attention.h"
#include "rcmae/model/fused_mlp.h"
#include "rcmae/model/kernel_choice.h"

namespace rcmae {

AttentionImpl::AttentionImpl(int64_t dim, int64_t heads_)
    : heads(heads_), scale(1.0 / std::sqrt(double(dim / heads_))) {
  qkv = register_module("qkv", torch::nn::Linear(torch::nn::LinearOptions(dim, dim * 3)));
  proj = register_module("proj", torch::nn::Linear(dim, dim));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x) {
  const auto packed = qkv(x);  // [B, N, 3 * C] = [B, N, 3, H, hd]
  const bool fused = uses_kernel(Kernel::Attention) && fused_attention_supports(packed, heads);
  return proj(fused ? fused_attention(packed, heads, scale)
                    : composite_attention(packed, heads, scale));
}

torch::Tensor AttentionImpl::forward_with_weights(const torch::Tensor& x, torch::Tensor& weights) {
  const auto packed = qkv(x);
  const int64_t b = packed.size(0), n = packed.size(1), c = packed.size(2) / 3;
  // [B, N, 3, H, hd] -> [3, B, H, N, hd], as composite_attention does
  auto parts = packed.reshape({b, n, 3, heads, c / heads}).permute({2, 0, 3, 1, 4});
  weights = torch::matmul(parts[0] * scale, parts[1].transpose(-2, -1)).softmax(-1);
  return proj(torch::matmul(weights, parts[2]).transpose(1, 2).reshape({b, n, c}));
}

MlpImpl::MlpImpl(int64_t dim, int64_t hidden) {
  fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
  fc2 = register_module("fc2", torch::nn::Linear(hidden, dim));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  const bool fused = uses_kernel(Kernel::Mlp) && fused_linear_gelu_supports(x, fc1->weight);
  return fc2(fused ? fused_linear_gelu(x, fc1->weight, fc1->bias)
                   : composite_linear_gelu(x, fc1->weight, fc1->bias));
}

torch::nn::LayerNorm vit_layer_norm(int64_t dim) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-6));
}

BlockImpl::BlockImpl(int64_t dim, int64_t heads, int64_t mlp_ratio) {
  norm1 = register_module("norm1", vit_layer_norm(dim));
  attn = register_module("attn", Attention(dim, heads));
  norm2 = register_module("norm2", vit_layer_norm(dim));
  mlp = register_module("mlp", Mlp(dim, dim * mlp_ratio));
}

torch::Tensor BlockImpl::forward(torch::Tensor x) {
  x = x + attn(norm1(x));
  return x + mlp(norm2(x));
}

torch::Tensor BlockImpl::forward(torch::Tensor x, const torch::Tensor& branch_keep) {
  if (!branch_keep.defined()) return forward(std::move(x));
  const int64_t n = x.size(0);
  x = x + attn(norm1(x)) * branch_keep.select(1, 0).view({n, 1, 1});
  return x + mlp(norm2(x)) * branch_keep.select(1, 1).view({n, 1, 1});
}

torch::Tensor BlockImpl::forward_with_weights(torch::Tensor x, torch::Tensor& weights) {
  x = x + attn->forward_with_weights(norm1(x), weights);
  return x + mlp(norm2(x));
}

}  // namespace rcmae
