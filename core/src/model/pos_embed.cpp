#include "rcmae/model/pos_embed.h"

namespace rcmae {

torch::Tensor sincos_pos_embed_1d(int64_t dim, const torch::Tensor& positions) {
  TORCH_CHECK(dim % 2 == 0, "1-D sin-cos embedding needs an even dim");
  // Computed in float64 as the reference does with numpy, then cast.
  auto omega = torch::arange(dim / 2, torch::kFloat64) / (dim / 2.0);
  omega = 1.0 / torch::pow(10000.0, omega);
  auto out = torch::outer(positions.to(torch::kFloat64).reshape({-1}), omega);
  return torch::cat({torch::sin(out), torch::cos(out)}, 1);
}

torch::Tensor sincos_pos_embed_2d(int64_t dim, int64_t grid) {
  TORCH_CHECK(dim % 4 == 0, "2-D sin-cos embedding needs dim divisible by 4");
  auto coords = torch::arange(grid, torch::kFloat64);
  // Patch l = row * grid + col; the reference's meshgrid(w, h) puts the *column* index in
  // its first grid, which encodes the first half of the channels.
  auto col = coords.repeat({grid});
  auto row = coords.repeat_interleave(grid);
  auto first = sincos_pos_embed_1d(dim / 2, col);
  auto second = sincos_pos_embed_1d(dim / 2, row);
  return torch::cat({first, second}, 1).to(torch::kFloat32);
}

}  // namespace rcmae
