#include "rcmae/model/patchify.h"

namespace rcmae {

torch::Tensor patchify(const torch::Tensor& images, int patch) {
  const int64_t n = images.size(0), c = images.size(1);
  const int64_t h = images.size(2) / patch, w = images.size(3) / patch;
  auto x = images.reshape({n, c, h, patch, w, patch});
  x = x.permute({0, 2, 4, 3, 5, 1});  // n h w p q c
  return x.reshape({n, h * w, patch * patch * c});
}

torch::Tensor unpatchify(const torch::Tensor& patches, int patch, int channels) {
  const int64_t n = patches.size(0);
  const auto grid = static_cast<int64_t>(std::llround(std::sqrt(double(patches.size(1)))));
  TORCH_CHECK(grid * grid == patches.size(1), "unpatchify needs a square number of patches");
  auto x = patches.reshape({n, grid, grid, patch, patch, channels});
  x = x.permute({0, 5, 1, 3, 2, 4});  // n c h p w q
  return x.reshape({n, channels, grid * patch, grid * patch});
}

}  // namespace rcmae
