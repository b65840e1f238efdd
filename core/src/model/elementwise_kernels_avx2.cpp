// Compiled with -mavx2 -mfma and CPU_CAPABILITY=AVX2 (core/CMakeLists.txt), without the
// precompiled torch header: only ATen's header-only vector types and Sleef's math are used
// here, so as little code as possible is built for AVX2. Everything else in the engine is
// built for the baseline CPU and reaches this file only after avx2_kernels_available().
#include "rcmae/model/elementwise_kernels.h"

#if defined(RCMAE_HAVE_AVX2_KERNELS)
#include <ATen/cpu/vec/vec.h>
#include <immintrin.h>
#endif

#include <cmath>

namespace rcmae::kernels {

#if defined(RCMAE_HAVE_AVX2_KERNELS)
namespace {

using at::vec::Vectorized;

template <typename T>
struct GeluConstants {
  // Φ(x) = ½ (1 + erf(x / √2)),  φ(x) = exp(−x² / 2) / √(2π)
  const Vectorized<T> half{T(0.5)}, one{T(1)};
  const Vectorized<T> inv_sqrt2{T(M_SQRT1_2)}, inv_sqrt_2pi{T(M_2_SQRTPI * M_SQRT1_2 * 0.5)};
};

// erf(z) and exp(−z²) of one vector. Float: Abramowitz & Stegun 7.1.26,
//   erf(|z|) = 1 − t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(−z²),  t = 1 / (1 + p |z|),
// absolute error below 1.5e-7 (float rounding is 6e-8), odd in z; the same approximation
// oneDNN's GELU uses, and 3-4x faster than Sleef's erf, which costs more than all the rest of
// the pass. exp(−z²) is returned too: GELU's derivative needs exactly that factor. Double
// (tests, gradient checks): Sleef's erf, accurate to 1 ulp.

// exp(x) for x <= 0 (all GELU needs): 2^n · P(r) with n = round(x · log2 e), r = x − n ln 2
// in two parts (Cody-Waite), P the degree-6 Taylor polynomial of e^r on |r| <= ln 2 / 2
// (relative error 2e-7, against float rounding's 6e-8); 2^n built in the exponent bits.
// Inputs below −87 flush to 0 (e^−87 is below float's smallest normal). Sleef's exp is
// accurate to 1 ulp over the whole range but takes twice as long.
Vectorized<float> exp_nonpositive(const Vectorized<float>& x) {
  const __m256 clamped = _mm256_max_ps(x, _mm256_set1_ps(-87.0f));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(clamped, _mm256_set1_ps(1.44269504f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145752f), clamped);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.42860677e-6f), r);
  __m256 p = _mm256_set1_ps(1.0f / 720);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  const __m256i exponent =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  const __m256 scaled = _mm256_mul_ps(p, _mm256_castsi256_ps(exponent));
  // Below −87 the exponent would underflow: return 0 there.
  return _mm256_and_ps(scaled, _mm256_cmp_ps(x, _mm256_set1_ps(-87.0f), _CMP_GE_OQ));
}

Vectorized<float> erf_of(const Vectorized<float>& z, Vectorized<float>& gauss) {
  using V = Vectorized<float>;
  const V one(1.0f), p(0.3275911f), a1(0.254829592f), a2(-0.284496736f), a3(1.421413741f),
      a4(-1.453152027f), a5(1.061405429f), sign_bit(-0.0f);
  const V magnitude = z.abs();
  const V t = one / (one + p * magnitude);
  const V poly = t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5))));
  gauss = exp_nonpositive(V(0.0f) - z * z);
  return (one - poly * gauss) ^ (z & sign_bit);
}

Vectorized<double> erf_of(const Vectorized<double>& z, Vectorized<double>& gauss) {
  gauss = (Vectorized<double>(0.0) - z * z).exp();
  return z.erf();
}

template <typename T>
T gelu_scalar(T x) {
  return x * T(0.5) * (T(1) + std::erf(x * T(M_SQRT1_2)));
}

template <typename T>
T gelu_grad_scalar(T x) {
  const T cdf = T(0.5) * (T(1) + std::erf(x * T(M_SQRT1_2)));
  const T pdf = T(M_2_SQRTPI * M_SQRT1_2 * 0.5) * std::exp(T(-0.5) * x * x);
  return cdf + x * pdf;
}

template <typename T>
void forward_rows(T* pre, T* out, const T* bias, int64_t rows, int64_t cols) {
  using V = Vectorized<T>;
  const GeluConstants<T> k;
  const int64_t width = V::size(), vector_end = cols - cols % width;
  for (int64_t r = 0; r < rows; ++r) {
    T* p = pre + r * cols;
    T* o = out + r * cols;
    for (int64_t j = 0; j < vector_end; j += width) {
      const V x = V::loadu(p + j) + V::loadu(bias + j);
      x.store(p + j);
      V gauss;
      (x * k.half * (k.one + erf_of(x * k.inv_sqrt2, gauss))).store(o + j);
    }
    for (int64_t j = vector_end; j < cols; ++j) {
      p[j] += bias[j];
      o[j] = gelu_scalar(p[j]);
    }
  }
}

template <typename T>
void backward_rows(const T* grad_out, const T* pre, T* grad_pre, T* bias_grad, int64_t rows,
                   int64_t cols) {
  using V = Vectorized<T>;
  const GeluConstants<T> k;
  const int64_t width = V::size(), vector_end = cols - cols % width;
  for (int64_t r = 0; r < rows; ++r) {
    const T* g = grad_out + r * cols;
    const T* p = pre + r * cols;
    T* d = grad_pre + r * cols;
    for (int64_t j = 0; j < vector_end; j += width) {
      const V x = V::loadu(p + j);
      V gauss;  // exp(−x² / 2)
      const V cdf = k.half * (k.one + erf_of(x * k.inv_sqrt2, gauss));
      const V pdf = k.inv_sqrt_2pi * gauss;
      const V grad = V::loadu(g + j) * (cdf + x * pdf);
      grad.store(d + j);
      (V::loadu(bias_grad + j) + grad).store(bias_grad + j);
    }
    for (int64_t j = vector_end; j < cols; ++j) {
      d[j] = g[j] * gelu_grad_scalar(p[j]);
      bias_grad[j] += d[j];
    }
  }
}

template <typename T>
void adamw(T* param, const T* grad, T* exp_avg, T* exp_avg_sq, int64_t count, const AdamWStep& s) {
  using V = Vectorized<T>;
  const T decay = T(1 - s.lr * s.weight_decay), b1 = T(s.beta1), b2 = T(s.beta2);
  const T one_minus_b1 = T(1 - s.beta1), one_minus_b2 = T(1 - s.beta2);
  const T sqrt_c2 = T(std::sqrt(s.bias_correction2)), eps = T(s.eps);
  const T step_size = T(s.lr / s.bias_correction1);
  const V v_decay(decay), v_b1(b1), v_b2(b2), v_1mb1(one_minus_b1), v_1mb2(one_minus_b2);
  const V v_sqrt_c2(sqrt_c2), v_eps(eps), v_step(step_size);
  const int64_t width = V::size(), vector_end = count - count % width;
  for (int64_t i = 0; i < vector_end; i += width) {
    const V g = V::loadu(grad + i);
    const V m = v_b1 * V::loadu(exp_avg + i) + v_1mb1 * g;
    const V v = v_b2 * V::loadu(exp_avg_sq + i) + v_1mb2 * g * g;
    const V p = V::loadu(param + i) * v_decay - v_step * m / (v.sqrt() / v_sqrt_c2 + v_eps);
    m.store(exp_avg + i);
    v.store(exp_avg_sq + i);
    p.store(param + i);
  }
  for (int64_t i = vector_end; i < count; ++i) {
    const T g = grad[i];
    exp_avg[i] = b1 * exp_avg[i] + one_minus_b1 * g;
    exp_avg_sq[i] = b2 * exp_avg_sq[i] + one_minus_b2 * g * g;
    param[i] =
        param[i] * decay - step_size * exp_avg[i] / (std::sqrt(exp_avg_sq[i]) / sqrt_c2 + eps);
  }
}

}  // namespace

bool avx2_kernels_available() {
  static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return available;
}

void bias_gelu_forward(float* pre, float* out, const float* bias, int64_t rows, int64_t cols) {
  forward_rows(pre, out, bias, rows, cols);
}
void bias_gelu_forward(double* pre, double* out, const double* bias, int64_t rows, int64_t cols) {
  forward_rows(pre, out, bias, rows, cols);
}
void bias_gelu_backward(const float* grad_out, const float* pre, float* grad_pre, float* bias_grad,
                        int64_t rows, int64_t cols) {
  backward_rows(grad_out, pre, grad_pre, bias_grad, rows, cols);
}
void bias_gelu_backward(const double* grad_out, const double* pre, double* grad_pre,
                        double* bias_grad, int64_t rows, int64_t cols) {
  backward_rows(grad_out, pre, grad_pre, bias_grad, rows, cols);
}
void adamw_update(float* param, const float* grad, float* exp_avg, float* exp_avg_sq, int64_t count,
                  const AdamWStep& step) {
  adamw(param, grad, exp_avg, exp_avg_sq, count, step);
}
void adamw_update(double* param, const double* grad, double* exp_avg, double* exp_avg_sq,
                  int64_t count, const AdamWStep& step) {
  adamw(param, grad, exp_avg, exp_avg_sq, count, step);
}

#else  // a compiler without AVX2 flags: the callers keep to stock ATen

bool avx2_kernels_available() { return false; }
void bias_gelu_forward(float*, float*, const float*, int64_t, int64_t) {}
void bias_gelu_forward(double*, double*, const double*, int64_t, int64_t) {}
void bias_gelu_backward(const float*, const float*, float*, float*, int64_t, int64_t) {}
void bias_gelu_backward(const double*, const double*, double*, double*, int64_t, int64_t) {}
void adamw_update(float*, const float*, float*, float*, int64_t, const AdamWStep&) {}
void adamw_update(double*, const double*, double*, double*, int64_t, const AdamWStep&) {}

#endif

}  // namespace rcmae::kernels
