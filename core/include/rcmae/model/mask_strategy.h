#pragma once
// How the hidden patches are chosen. All strategies hide exactly the same number of patches
// per image (the encoder's input length is one tensor dimension), so they can be switched
// live and compared at equal mask ratio:
//   random  MAE: a uniformly random subset.
//   block   BEiT-style: random rectangles (aspect 0.3-3.3) until the count is reached, then
//           grown from their edges, so the hidden patches form a few contiguous regions.
//   grid    regular: kept patches on a lattice (a 2 x 2 lattice at ratio 0.75 when the grid
//           divides) or, where no lattice has the count, evenly spaced in raster order;
//           a random phase per image.
#include <torch/torch.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rcmae/model/mask_strategy_name.h"
#include "rcmae/model/masking.h"

namespace rcmae {

// Masks of one strategy for `batch` images of grid x grid patches, drawn from `generator`
// (CPU: the same seed gives the same masks on any device), built on `device`.
MaskPlan make_masks(MaskStrategy strategy, int64_t batch, int64_t grid, double mask_ratio,
                    at::Generator& generator, torch::Device device);

// The hidden flags of one image (row-major, grid x grid), for tests and views:
// block_hidden_patches(7, 37, uniforms) etc. `uniform` returns numbers in [0, 1).
std::vector<uint8_t> block_hidden_patches(int64_t grid, int64_t hidden,
                                          const std::function<double()>& uniform);
std::vector<uint8_t> grid_hidden_patches(int64_t grid, int64_t hidden,
                                         const std::function<double()>& uniform);

}  // namespace rcmae
