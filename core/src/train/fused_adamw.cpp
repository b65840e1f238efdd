#include "rcmae/train/fused_adamw.h"

#include <ATen/Parallel.h>
#include <c10/util/string_utils.h>

#include <cmath>

#include "rcmae/model/elementwise_kernels.h"

namespace rcmae {
namespace {

bool serves(const torch::Tensor& p) {
  if (!p.grad().defined()) return true;  // skipped, as torch skips it
  const auto type = p.scalar_type();
  return p.device().is_cpu() && (type == torch::kFloat || type == torch::kDouble) &&
         p.is_contiguous() && p.grad().is_contiguous() && !p.grad().is_sparse() &&
         p.grad().scalar_type() == type;
}

// The optimizer's state for `p`, created as torch::optim::AdamW::step creates it (zero
// moments, step 0) under the same key, so torch's own step and save/load find it.
torch::optim::AdamWParamState& state_of(torch::optim::AdamW& optimizer, const torch::Tensor& p) {
  auto& states = optimizer.state();
  const auto key = c10::guts::to_string(p.unsafeGetTensorImpl());
  auto found = states.find(key);
  if (found == states.end()) {
    auto state = std::make_unique<torch::optim::AdamWParamState>();
    state->step(0);
    state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
    state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
    found = states.emplace(key, std::move(state)).first;
  }
  return static_cast<torch::optim::AdamWParamState&>(*found->second);
}

void update(torch::Tensor& p, torch::optim::AdamWParamState& state,
            const torch::optim::AdamWOptions& options) {
  state.step(state.step() + 1);
  const auto [beta1, beta2] = options.betas();
  kernels::AdamWStep step{options.lr(),
                          beta1,
                          beta2,
                          options.eps(),
                          options.weight_decay(),
                          1 - std::pow(beta1, double(state.step())),
                          1 - std::pow(beta2, double(state.step()))};
  const torch::Tensor grad = p.grad();
  AT_DISPATCH_FLOATING_TYPES(p.scalar_type(), "fused_adamw", [&] {
    scalar_t* param = p.data_ptr<scalar_t>();
    const scalar_t* g = grad.data_ptr<scalar_t>();
    scalar_t* m = state.exp_avg().data_ptr<scalar_t>();
    scalar_t* v = state.exp_avg_sq().data_ptr<scalar_t>();
    at::parallel_for(0, p.numel(), 1 << 15, [&](int64_t begin, int64_t end) {
      kernels::adamw_update(param + begin, g + begin, m + begin, v + begin, end - begin, step);
    });
  });
}

}  // namespace

bool fused_adamw_supports(const torch::optim::AdamW& optimizer) {
  if (!kernels::avx2_kernels_available()) return false;
  for (const auto& group : optimizer.param_groups()) {
    const auto& options = static_cast<const torch::optim::AdamWOptions&>(group.options());
    if (options.amsgrad()) return false;
    for (const auto& p : group.params())
      if (!serves(p)) return false;
  }
  return true;
}

void fused_adamw_step(torch::optim::AdamW& optimizer) {
  if (!fused_adamw_supports(optimizer)) {
    optimizer.step();
    return;
  }
  torch::NoGradGuard no_grad;
  for (auto& group : optimizer.param_groups()) {
    const auto& options = static_cast<const torch::optim::AdamWOptions&>(group.options());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      update(p, state_of(optimizer, p), options);
    }
  }
}

}  // namespace rcmae
