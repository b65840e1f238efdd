#pragma once
#include <torch/torch.h>

namespace rcmae {

// Fixed 2-D sin-cos positional embedding for a grid x grid patch layout: [grid*grid, dim].
// The first dim/2 channels encode the row index, the last dim/2 the column index; in each
// half, omega_k = 1 / 10000^(k / (dim/4)) and features are [sin(pos*omega), cos(pos*omega)].
// Requires dim % 4 == 0.
torch::Tensor sincos_pos_embed_2d(int64_t dim, int64_t grid);

// The 1-D part: positions [M] -> [M, dim] as [sin(pos*omega), cos(pos*omega)].
torch::Tensor sincos_pos_embed_1d(int64_t dim, const torch::Tensor& positions);

}  // namespace rcmae
