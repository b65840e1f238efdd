#include "rcmae/model/fused_mlp.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

#include "rcmae/model/elementwise_kernels.h"

namespace rcmae {
namespace {

// Rows per parallel chunk: ~64k values, so scheduling costs nothing next to the math.
int64_t row_grain(int64_t cols) {
  return std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, cols));
}

void bias_gelu_forward(torch::Tensor& pre, torch::Tensor& out, const torch::Tensor& bias) {
  const int64_t rows = pre.size(0), cols = pre.size(1);
  AT_DISPATCH_FLOATING_TYPES(pre.scalar_type(), "fused_bias_gelu_forward", [&] {
    scalar_t* p = pre.data_ptr<scalar_t>();
    scalar_t* o = out.data_ptr<scalar_t>();
    const scalar_t* b = bias.data_ptr<scalar_t>();
    at::parallel_for(0, rows, row_grain(cols), [&](int64_t begin, int64_t end) {
      kernels::bias_gelu_forward(p + begin * cols, o + begin * cols, b, end - begin, cols);
    });
  });
}

// The GELU backward in parallel row blocks, each block summing its own bias gradient; the
// blocks' sums are added at the end (a fixed block split, so the result does not depend on
// how the threads were scheduled).
torch::Tensor bias_gelu_backward(const torch::Tensor& grad_out, const torch::Tensor& pre,
                                 torch::Tensor& grad_pre) {
  const int64_t rows = pre.size(0), cols = pre.size(1);
  const int64_t grain = row_grain(cols);
  const int64_t blocks = (rows + grain - 1) / grain;
  auto partial = torch::zeros({std::max<int64_t>(blocks, 1), cols}, pre.options());
  AT_DISPATCH_FLOATING_TYPES(pre.scalar_type(), "fused_bias_gelu_backward", [&] {
    const scalar_t* g = grad_out.data_ptr<scalar_t>();
    const scalar_t* p = pre.data_ptr<scalar_t>();
    scalar_t* d = grad_pre.data_ptr<scalar_t>();
    scalar_t* sums = partial.data_ptr<scalar_t>();
    at::parallel_for(0, blocks, 1, [&](int64_t first, int64_t last) {
      for (int64_t block = first; block < last; ++block) {
        const int64_t begin = block * grain, end = std::min(rows, begin + grain);
        kernels::bias_gelu_backward(g + begin * cols, p + begin * cols, d + begin * cols,
                                    sums + block * cols, end - begin, cols);
      }
    });
  });
  return partial.sum(0);
}

std::vector<int64_t> output_shape(const torch::Tensor& x, int64_t hidden) {
  auto shape = x.sizes().vec();
  shape.back() = hidden;
  return shape;
}

// The forward both paths run: x as rows, their GEMM with Wᵀ (`pre`, biased in place by the
// pass) and GELU of it (`out`, [rows, H]).
struct Forward {
  torch::Tensor rows, pre, out;
};
Forward linear_gelu_forward(const torch::Tensor& x, const torch::Tensor& weight,
                            const torch::Tensor& bias) {
  Forward f;
  f.rows = x.reshape({-1, x.size(-1)});
  f.pre = torch::mm(f.rows, weight.t());
  f.out = torch::empty_like(f.pre);
  bias_gelu_forward(f.pre, f.out, bias);
  return f;
}

struct FusedLinearGeluFunction : torch::autograd::Function<FusedLinearGeluFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, const torch::Tensor& bias) {
    Forward f = linear_gelu_forward(x, weight, bias);
    ctx->save_for_backward({f.rows, weight, f.pre});
    ctx->saved_data["shape"] = x.sizes().vec();
    return f.out.view(output_shape(x, weight.size(0)));
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& rows = saved[0];
    const auto& weight = saved[1];
    const auto& pre = saved[2];
    auto grad_out = grads[0].reshape({-1, weight.size(0)}).contiguous();
    auto grad_pre = torch::empty_like(pre);
    auto grad_bias = bias_gelu_backward(grad_out, pre, grad_pre);
    auto grad_x = torch::mm(grad_pre, weight).view(ctx->saved_data["shape"].toIntVector());
    auto grad_weight = torch::mm(grad_pre.t(), rows);
    return {grad_x, grad_weight, grad_bias};
  }
};

}  // namespace

bool fused_linear_gelu_supports(const torch::Tensor& x, const torch::Tensor& weight) {
  if (!x.defined() || !weight.defined() || !x.device().is_cpu() || !weight.device().is_cpu())
    return false;
  const auto type = x.scalar_type();
  if ((type != torch::kFloat && type != torch::kDouble) || weight.scalar_type() != type)
    return false;
  return x.dim() >= 1 && weight.dim() == 2 && x.size(-1) == weight.size(1) &&
         kernels::avx2_kernels_available();
}

torch::Tensor fused_linear_gelu(const torch::Tensor& x, const torch::Tensor& weight,
                                const torch::Tensor& bias) {
  TORCH_CHECK(fused_linear_gelu_supports(x, weight) && bias.dim() == 1 &&
                  bias.size(0) == weight.size(0) && bias.scalar_type() == x.scalar_type(),
              "fused_linear_gelu: expected CPU float/double x [..., K], W [H, K], b [H], got ",
              x.sizes(), ", ", weight.sizes(), ", ", bias.sizes());
  auto input = x.contiguous();
  auto w = weight.contiguous();
  auto b = bias.contiguous();
  const bool graph = torch::GradMode::is_enabled() &&
                     (input.requires_grad() || w.requires_grad() || b.requires_grad());
  if (graph) return FusedLinearGeluFunction::apply(input, w, b);
  // No graph (the teacher's forward, evaluation): the same pass, nothing saved.
  return linear_gelu_forward(input, w, b).out.view(output_shape(input, w.size(0)));
}

torch::Tensor composite_linear_gelu(const torch::Tensor& x, const torch::Tensor& weight,
                                    const torch::Tensor& bias) {
  return torch::gelu(torch::nn::functional::linear(x, weight, bias));
}

}  // namespace rcmae
