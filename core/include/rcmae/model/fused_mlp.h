#pragma once
// The first half of the transformer MLP, gelu(x Wᵀ + b), as one custom autograd function.
//
// Stock ATen runs it as addmm (the bias is first copied into every output row, then the GEMM
// accumulates onto it) and a separate GELU pass; backward runs GELU's backward, then sums the
// gradient over rows for the bias in another pass. Here the GEMM writes x Wᵀ alone, one
// vectorised pass adds the bias and applies GELU, and backward computes GELU's derivative
// and the bias gradient in one pass over the gradient (rcmae/model/elementwise_kernels.h).
// Saved for backward: x, W and the biased pre-activation, as stock autograd saves.
#include <torch/torch.h>

namespace rcmae {

// True when the fused path serves `x` with this weight and bias: CPU, float or double, a CPU
// with AVX2 + FMA. Anything else (CUDA, half types, other CPUs) takes composite_linear_gelu.
bool fused_linear_gelu_supports(const torch::Tensor& x, const torch::Tensor& weight);

// gelu(x Wᵀ + b) for x [..., K], W [H, K], b [H] -> [..., H]; differentiable in all three.
torch::Tensor fused_linear_gelu(const torch::Tensor& x, const torch::Tensor& weight,
                                const torch::Tensor& bias);

// The same through stock ATen (the reference the fused function is tested against).
torch::Tensor composite_linear_gelu(const torch::Tensor& x, const torch::Tensor& weight,
                                    const torch::Tensor& bias);

}  // namespace rcmae
