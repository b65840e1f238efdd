#include "rcmae/model/vit_block.h"

#include <cmath>

namespace rcmae {

AttentionImpl::AttentionImpl(int64_t dim, int64_t heads_)
    : heads(heads_), scale(1.0 / std::sqrt(double(dim / heads_))) {
  qkv = register_module("qkv", torch::nn::Linear(torch::nn::LinearOptions(dim, dim * 3)));
  proj = register_module("proj", torch::nn::Linear(dim, dim));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x) {
  const int64_t b = x.size(0), n = x.size(1), c = x.size(2);
  // [B, N, 3, H, hd] -> [3, B, H, N, hd]
  auto qkv_out = qkv(x).reshape({b, n, 3, heads, c / heads}).permute({2, 0, 3, 1, 4});
  auto q = qkv_out[0], k = qkv_out[1], v = qkv_out[2];
  auto attn = torch::matmul(q * scale, k.transpose(-2, -1)).softmax(-1);
  auto out = torch::matmul(attn, v).transpose(1, 2).reshape({b, n, c});
  return proj(out);
}

MlpImpl::MlpImpl(int64_t dim, int64_t hidden) {
  fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
  fc2 = register_module("fc2", torch::nn::Linear(hidden, dim));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  return fc2(torch::gelu(fc1(x)));
}

namespace {
torch::nn::LayerNorm layer_norm(int64_t dim) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-6));
}
}  // namespace

BlockImpl::BlockImpl(int64_t dim, int64_t heads, int64_t mlp_ratio) {
  norm1 = register_module("norm1", layer_norm(dim));
  attn = register_module("attn", Attention(dim, heads));
  norm2 = register_module("norm2", layer_norm(dim));
  mlp = register_module("mlp", Mlp(dim, dim * mlp_ratio));
}

torch::Tensor BlockImpl::forward(torch::Tensor x) {
  x = x + attn(norm1(x));
  return x + mlp(norm2(x));
}

}  // namespace rcmae
