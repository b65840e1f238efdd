#pragma once
// Stochastic depth ("drop path", as timm's DropPath in MAE's fine-tuning): in a training
// step each residual branch of each encoder block (attention, MLP) is skipped for a whole
// image with probability p, and kept branches are scaled by 1 / (1 - p), so a branch's
// expected contribution is what it is at test time, when nothing is dropped. p rises
// linearly over the blocks from 0 at the first to `rate` at the last (timm's
// linspace(0, drop_path_rate, depth)).
//
// The draws are a tensor made on the calling thread from the step's generator, like the
// token masks (model/masking.h), rather than inside the blocks: a step split over worker
// threads (eval/classifier_replicas.h) then sees the same draws as one thread would, and a
// seed gives the same fine-tune however many workers run it.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace rcmae {

// The drop probability of each block: depth values from 0 to `rate`, evenly spaced (one
// block: 0).
std::vector<double> drop_path_rates(int64_t depth, double rate);

// float [batch, depth, 2] on `device`: per image, block and branch (0 attention, 1 MLP)
// either 0 (dropped) or 1 / (1 - p_block) (kept). rate in [0, 1).
torch::Tensor draw_branch_keep(int64_t batch, int64_t depth, double rate, at::Generator& generator,
                               torch::Device device);

}  // namespace rcmae
