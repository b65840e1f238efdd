#pragma once
// AdamW in one pass per parameter tensor (rcmae/model/elementwise_kernels.h) instead of
// torch::optim::AdamW's seven element-wise ops and two temporaries per tensor.
#include <torch/torch.h>

namespace rcmae {

// True when the one-pass step serves every parameter `optimizer` would update: CPU, float or
// double, contiguous, dense gradients, no amsgrad, a CPU with AVX2 + FMA.
bool fused_adamw_supports(const torch::optim::AdamW& optimizer);

// One AdamW step, the same update as `optimizer.step()` (decoupled weight decay first, then
// the bias-corrected moments; parameters without a gradient are skipped). The moments and
// step counts live in the optimizer's own state, created as torch creates them, so a
// checkpoint saved after either kind of step loads into either. Falls back to
// `optimizer.step()` when fused_adamw_supports is false.
void fused_adamw_step(torch::optim::AdamW& optimizer);

}  // namespace rcmae
