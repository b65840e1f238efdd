#pragma once
// Element-wise kernels the fused layers run between their GEMMs, vectorised with ATen's
// at::vec at AVX2 + FMA (the level Debian's LibTorch dispatches its own element-wise kernels
// at on this hardware). They live in elementwise_kernels_avx2.cpp, the only file compiled
// with -mavx2 -mfma; callers ask avx2_kernels_available() first and fall back to stock ATen
// on other CPUs. Each call works on a contiguous block; the caller splits rows over threads.
#include <cstdint>

namespace rcmae::kernels {

// True when this build has the AVX2 kernels and the CPU runs them.
bool avx2_kernels_available();

// GELU (exact, erf form) after adding the bias, for `rows` rows of `cols` values:
//   pre[r, j] += bias[j];  out[r, j] = pre[r, j] · Φ(pre[r, j]).
// `pre` keeps the biased value: the backward needs it.
void bias_gelu_forward(float* pre, float* out, const float* bias, int64_t rows, int64_t cols);
void bias_gelu_forward(double* pre, double* out, const double* bias, int64_t rows, int64_t cols);

// The GELU backward and the bias gradient in one pass:
//   grad_pre[r, j] = grad_out[r, j] · (Φ(p) + p · φ(p)),  p = pre[r, j];
//   bias_grad[j] += Σ_r grad_pre[r, j]  (accumulates into what bias_grad holds).
void bias_gelu_backward(const float* grad_out, const float* pre, float* grad_pre, float* bias_grad,
                        int64_t rows, int64_t cols);
void bias_gelu_backward(const double* grad_out, const double* pre, double* grad_pre,
                        double* bias_grad, int64_t rows, int64_t cols);

// One AdamW step over `count` values of one parameter (decoupled weight decay, PyTorch's
// order of operations):
//   p ← p · (1 − lr · wd);  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;
//   p ← p − (lr / c1) · m / (√v / √c2 + ε),  c1 = 1 − β1^t, c2 = 1 − β2^t.
struct AdamWStep {
  double lr, beta1, beta2, eps, weight_decay;
  double bias_correction1, bias_correction2;
};
void adamw_update(float* param, const float* grad, float* exp_avg, float* exp_avg_sq, int64_t count,
                  const AdamWStep& step);
void adamw_update(double* param, const double* grad, double* exp_avg, double* exp_avg_sq,
                  int64_t count, const AdamWStep& step);

}  // namespace rcmae::kernels
