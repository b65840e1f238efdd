#pragma once
// Multi-head self-attention for short sequences with its own backward.
//
// ATen 1.13 runs the composite path (permute q/k/v, bmm, softmax, bmm, transpose) as one tiny
// GEMM per (image, head) behind hundreds of thousands of `select` calls, plus copies for the
// permutes and the transpose. Here each (image, head) tile's products are one BLAS call each,
// reading q, k and v in place from the qkv Linear's output laid out [B, N, 3, H, D] (the
// leading dimension skips the other heads) and writing [B, N, H·D] ready for the output
// projection; tiles run in parallel, and the softmax is one vectorised ATen call over all
// tiles. Backward keeps only qkv and the softmax output (B·H·N² values) and writes the
// gradient of qkv in the same layout, so no permute is ever materialised.
#include <torch/torch.h>

namespace rcmae {

// Longest sequence the fused kernel takes (64 px / patch 4 = 256 tokens + cls).
constexpr int64_t kFusedAttentionMaxTokens = 257;

// True when `qkv` ([B, N, 3·H·D], float or double, CPU, N <= kFusedAttentionMaxTokens) can run
// the fused kernel; anything else (CUDA, half types, longer sequences) uses the composite path.
bool fused_attention_supports(const torch::Tensor& qkv, int64_t heads);

// softmax(Q Kᵀ · scale) · V per head, concatenated over heads: qkv [B, N, 3·C] -> [B, N, C].
// Differentiable with respect to qkv.
torch::Tensor fused_attention(const torch::Tensor& qkv, int64_t heads, double scale);

// The same through stock ATen ops (the reference the fused kernel is tested against).
torch::Tensor composite_attention(const torch::Tensor& qkv, int64_t heads, double scale);

}  // namespace rcmae
