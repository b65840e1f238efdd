#include "rcmae/model/fused_attention.h"

#include <ATen/Parallel.h>

#include <algorithm>

// The reference BLAS interface of the libblas.so.3 LibTorch itself calls (OpenBLAS here):
// per-tile GEMMs with leading dimensions that read q, k and v in place.
extern "C" {
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc);
}

namespace rcmae {
namespace {

enum class Op { Plain, Transposed };

void blas_gemm(const char* ta, const char* tb, const int* m, const int* n, const int* k,
               const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
               const float* beta, float* c, const int* ldc) {
  sgemm_(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void blas_gemm(const char* ta, const char* tb, const int* m, const int* n, const int* k,
               const double* alpha, const double* a, const int* lda, const double* b,
               const int* ldb, const double* beta, double* c, const int* ldc) {
  dgemm_(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// Row-major C[m × n] = alpha · op(A) · op(B) (C overwritten) through the column-major BLAS,
// which sees every row-major matrix as its transpose: it computes Cᵀ = op(B)ᵀ · op(A)ᵀ.
template <typename T>
void row_gemm(Op a_op, Op b_op, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
              const T* b, int64_t ldb, T* c, int64_t ldc) {
  const char ta = b_op == Op::Transposed ? 'T' : 'N';
  const char tb = a_op == Op::Transposed ? 'T' : 'N';
  const int mm = int(n), nn = int(m), kk = int(k), la = int(ldb), lb = int(lda), lc = int(ldc);
  const T beta = 0;
  blas_gemm(&ta, &tb, &mm, &nn, &kk, &alpha, b, &la, a, &lb, &beta, c, &lc);
}

// The tiles of [B, N, 3, H, D] qkv: tile t = (image t / H, head t % H). Rows of q, k and v
// are 3·C apart; q, k and v of one row are C apart; out and its gradient have rows C apart.
struct Tiles {
  int64_t batch, tokens, heads, head_dim;
  int64_t width() const { return heads * head_dim; }  // C
  int64_t qkv_row() const { return 3 * width(); }
  int64_t count() const { return batch * heads; }
  int64_t offset(int64_t t, int64_t row) const {
    return (t / heads) * tokens * row + (t % heads) * head_dim;
  }
  int64_t square(int64_t t) const { return t * tokens * tokens; }  // tile t's N × N block
  // Tiles per parallel chunk: enough multiply-adds (~64k) that scheduling costs nothing.
  int64_t grain() const {
    return std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, tokens * tokens * head_dim));
  }
};

Tiles tiles_of(const torch::Tensor& qkv, int64_t heads) {
  return {qkv.size(0), qkv.size(1), heads, qkv.size(2) / (3 * heads)};
}

// scores[t] = scale · Q Kᵀ for every tile.
template <typename T>
void tile_scores(const Tiles& s, const T* qkv, T scale, T* scores, int64_t begin, int64_t end) {
  const int64_t n = s.tokens, d = s.head_dim, row = s.qkv_row();
  for (int64_t t = begin; t < end; ++t) {
    const T* q = qkv + s.offset(t, row);
    row_gemm(Op::Plain, Op::Transposed, n, n, d, scale, q, row, q + s.width(), row,
             scores + s.square(t), n);
  }
}

// out[t] = P V, written as [B, N, H·D].
template <typename T>
void tile_values(const Tiles& s, const T* qkv, const T* probs, T* out, int64_t begin, int64_t end) {
  const int64_t n = s.tokens, d = s.head_dim, c = s.width(), row = s.qkv_row();
  for (int64_t t = begin; t < end; ++t) {
    const T* v = qkv + s.offset(t, row) + 2 * c;
    row_gemm(Op::Plain, Op::Plain, n, d, n, T(1), probs + s.square(t), n, v, row,
             out + s.offset(t, c), c);
  }
}

// Gradients of one tile with P the saved softmax and G = ∂L/∂out:
//   dV = Pᵀ G,  dP = G Vᵀ,  dS_ij = P_ij (dP_ij − Σ_j' P_ij' dP_ij'),
//   dQ = scale · dS K,  dK = scale · dSᵀ Q.
// Each tile owns its head's slices of dq, dk and dv, so tiles never write the same memory.
template <typename T>
void tile_gradients(const Tiles& s, const T* qkv, const T* probs, const T* grad_out, T scale,
                    T* grad_qkv, int64_t begin, int64_t end) {
  const int64_t n = s.tokens, d = s.head_dim, c = s.width(), row = s.qkv_row();
  std::vector<T> buffer(static_cast<size_t>(n * n));
  T* ds = buffer.data();
  for (int64_t t = begin; t < end; ++t) {
    const T* q = qkv + s.offset(t, row);
    const T* k = q + c;
    const T* v = q + 2 * c;
    T* dq = grad_qkv + s.offset(t, row);
    const T* p = probs + s.square(t);
    const T* g = grad_out + s.offset(t, c);
    row_gemm(Op::Transposed, Op::Plain, n, d, n, T(1), p, n, g, c, dq + 2 * c, row);  // dV
    row_gemm(Op::Plain, Op::Transposed, n, n, d, T(1), g, c, v, row, ds, n);          // dP
    for (int64_t i = 0; i < n; ++i) {
      const T* pi = p + i * n;
      T* dsi = ds + i * n;
      T expected = 0;  // Σ_j P_ij dP_ij
      for (int64_t j = 0; j < n; ++j) expected += pi[j] * dsi[j];
      for (int64_t j = 0; j < n; ++j) dsi[j] = pi[j] * (dsi[j] - expected);
    }
    row_gemm(Op::Plain, Op::Plain, n, d, n, scale, ds, n, k, row, dq, row);           // dQ
    row_gemm(Op::Transposed, Op::Plain, n, d, n, scale, ds, n, q, row, dq + c, row);  // dK
  }
}

// softmax(scale · Q Kᵀ) per tile, [B·H, N, N]: scores by per-tile GEMMs, then ATen's
// vectorised softmax over all tiles at once (exp is where a scalar loop would lose).
torch::Tensor attention_probs(const torch::Tensor& qkv, int64_t heads, double scale) {
  const Tiles s = tiles_of(qkv, heads);
  auto scores = torch::empty({s.count(), s.tokens, s.tokens}, qkv.options());
  AT_DISPATCH_FLOATING_TYPES(qkv.scalar_type(), "fused_attention_scores", [&] {
    const scalar_t* in = qkv.data_ptr<scalar_t>();
    scalar_t* out = scores.data_ptr<scalar_t>();
    at::parallel_for(0, s.count(), s.grain(), [&](int64_t begin, int64_t end) {
      tile_scores(s, in, scalar_t(scale), out, begin, end);
    });
  });
  return scores.softmax(-1);
}

torch::Tensor attention_output(const torch::Tensor& qkv, const torch::Tensor& probs,
                               int64_t heads) {
  const Tiles s = tiles_of(qkv, heads);
  auto out = torch::empty({s.batch, s.tokens, s.width()}, qkv.options());
  AT_DISPATCH_FLOATING_TYPES(qkv.scalar_type(), "fused_attention_values", [&] {
    const scalar_t* in = qkv.data_ptr<scalar_t>();
    const scalar_t* p = probs.data_ptr<scalar_t>();
    scalar_t* o = out.data_ptr<scalar_t>();
    at::parallel_for(0, s.count(), s.grain(),
                     [&](int64_t begin, int64_t end) { tile_values(s, in, p, o, begin, end); });
  });
  return out;
}

torch::Tensor attention_backward(const torch::Tensor& qkv, const torch::Tensor& probs,
                                 const torch::Tensor& grad_out, int64_t heads, double scale) {
  const Tiles s = tiles_of(qkv, heads);
  auto grad_qkv = torch::empty_like(qkv);
  AT_DISPATCH_FLOATING_TYPES(qkv.scalar_type(), "fused_attention_backward", [&] {
    const scalar_t* in = qkv.data_ptr<scalar_t>();
    const scalar_t* p = probs.data_ptr<scalar_t>();
    const scalar_t* g = grad_out.data_ptr<scalar_t>();
    scalar_t* dq = grad_qkv.data_ptr<scalar_t>();
    at::parallel_for(0, s.count(), s.grain(), [&](int64_t begin, int64_t end) {
      tile_gradients(s, in, p, g, scalar_t(scale), dq, begin, end);
    });
  });
  return grad_qkv;
}

struct FusedAttentionFunction : torch::autograd::Function<FusedAttentionFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& qkv,
                               int64_t heads, double scale) {
    auto probs = attention_probs(qkv, heads, scale);
    auto out = attention_output(qkv, probs, heads);
    ctx->save_for_backward({qkv, probs});
    ctx->saved_data["heads"] = heads;
    ctx->saved_data["scale"] = scale;
    return out;
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const int64_t heads = ctx->saved_data["heads"].toInt();
    const double scale = ctx->saved_data["scale"].toDouble();
    auto grad_qkv = attention_backward(saved[0], saved[1], grads[0].contiguous(), heads, scale);
    return {grad_qkv, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

bool fused_attention_supports(const torch::Tensor& qkv, int64_t heads) {
  if (!qkv.defined() || !qkv.device().is_cpu() || qkv.dim() != 3 || heads <= 0) return false;
  const auto type = qkv.scalar_type();
  if (type != torch::kFloat && type != torch::kDouble) return false;
  const int64_t n = qkv.size(1), width = qkv.size(2);
  return n >= 1 && n <= kFusedAttentionMaxTokens && width > 0 && width % (3 * heads) == 0;
}

torch::Tensor fused_attention(const torch::Tensor& qkv, int64_t heads, double scale) {
  TORCH_CHECK(fused_attention_supports(qkv, heads),
              "fused_attention: expected a CPU float/double [B, N<=257, 3*heads*D] tensor, got ",
              qkv.sizes(), " ", qkv.scalar_type(), " on ", qkv.device());
  auto input = qkv.contiguous();
  // No graph to build (the teacher's forward, evaluation): nothing to save.
  if (!(torch::GradMode::is_enabled() && input.requires_grad()))
    return attention_output(input, attention_probs(input, heads, scale), heads);
  return FusedAttentionFunction::apply(input, heads, scale);
}

torch::Tensor composite_attention(const torch::Tensor& qkv, int64_t heads, double scale) {
  const int64_t b = qkv.size(0), n = qkv.size(1), c = qkv.size(2) / 3;
  // [B, N, 3, H, hd] -> [3, B, H, N, hd]
  auto parts = qkv.reshape({b, n, 3, heads, c / heads}).permute({2, 0, 3, 1, 4});
  auto q = parts[0], k = parts[1], v = parts[2];
  auto attn = torch::matmul(q * scale, k.transpose(-2, -1)).softmax(-1);
  return torch::matmul(attn, v).transpose(1, 2).reshape({b, n, c});
}

}  // namespace rcmae
