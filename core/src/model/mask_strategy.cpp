#include "rcmae/model/mask_strategy.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace rcmae {
namespace {

// Uniform numbers from a torch generator, drawn in chunks (one generator call per chunk).
class UniformStream {
 public:
  explicit UniformStream(at::Generator& generator) : generator_(generator) {}
  double operator()() {
    if (next_ >= chunk_.size()) refill();
    return chunk_[next_++];
  }

 private:
  void refill() {
    auto values = torch::rand({256}, generator_, torch::kFloat64);
    chunk_.assign(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
    next_ = 0;
  }
  at::Generator& generator_;
  std::vector<double> chunk_;
  size_t next_ = 0;
};

int64_t pick(double u, int64_t count) {  // an integer in [0, count)
  return std::min<int64_t>(count - 1, static_cast<int64_t>(u * double(count)));
}

// Marks one random rectangle if it adds at least one and at most `room` hidden patches.
int64_t try_block(std::vector<uint8_t>& hidden, int64_t grid, int64_t room, int64_t min_area,
                  const std::function<double()>& uniform) {
  const double area = min_area + uniform() * double(std::max<int64_t>(0, room - min_area));
  const double log_aspect = std::log(0.3) + uniform() * (std::log(1 / 0.3) - std::log(0.3));
  const double aspect = std::exp(log_aspect);
  const int64_t h = std::clamp<int64_t>(std::llround(std::sqrt(area * aspect)), 1, grid);
  const int64_t w = std::clamp<int64_t>(std::llround(std::sqrt(area / aspect)), 1, grid);
  const int64_t top = pick(uniform(), grid - h + 1), left = pick(uniform(), grid - w + 1);
  int64_t added = 0;
  for (int64_t y = top; y < top + h; ++y)
    for (int64_t x = left; x < left + w; ++x) added += hidden[y * grid + x] ? 0 : 1;
  if (added == 0 || added > room) return 0;
  for (int64_t y = top; y < top + h; ++y)
    for (int64_t x = left; x < left + w; ++x) hidden[y * grid + x] = 1;
  return added;
}

// Visible patches next to a hidden one (4-neighbours).
std::vector<int64_t> frontier(const std::vector<uint8_t>& hidden, int64_t grid) {
  std::vector<int64_t> cells;
  for (int64_t y = 0; y < grid; ++y)
    for (int64_t x = 0; x < grid; ++x) {
      if (hidden[y * grid + x]) continue;
      const bool touches =
          (y > 0 && hidden[(y - 1) * grid + x]) || (y + 1 < grid && hidden[(y + 1) * grid + x]) ||
          (x > 0 && hidden[y * grid + x - 1]) || (x + 1 < grid && hidden[y * grid + x + 1]);
      if (touches) cells.push_back(y * grid + x);
    }
  return cells;
}

// Kept-first order: kept patches (random order among them), then hidden ones.
torch::Tensor shuffle_from_hidden(const std::vector<std::vector<uint8_t>>& hidden, int64_t patches,
                                  at::Generator& generator) {
  const auto batch = int64_t(hidden.size());
  auto noise = torch::rand({batch, patches}, generator, torch::kFloat32);
  auto flags = torch::empty({batch, patches}, torch::kFloat32);
  float* f = flags.data_ptr<float>();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < patches; ++i) f[b * patches + i] = hidden[b][i] ? 1.f : 0.f;
  return torch::argsort(flags * 2 + noise, /*dim=*/1, /*descending=*/false);
}

}  // namespace

std::vector<uint8_t> block_hidden_patches(int64_t grid, int64_t hidden_count,
                                          const std::function<double()>& uniform) {
  const int64_t patches = grid * grid;
  std::vector<uint8_t> hidden(size_t(patches), 0);
  // Blocks of at least ~8 % of the image (BEiT: 16 of 196 patches), fewer near the end.
  const int64_t min_area = std::max<int64_t>(1, patches / 12);
  int64_t count = 0;
  // A block smaller than that would be an isolated speck: the rest is grown from the edges.
  for (int attempt = 0; attempt < 100 && hidden_count - count >= min_area; ++attempt)
    count += try_block(hidden, grid, hidden_count - count, min_area, uniform);
  // Top up from the blocks' edges so that the count is exact and the regions stay contiguous.
  while (count < hidden_count) {
    auto cells = frontier(hidden, grid);
    const int64_t cell = cells.empty() ? pick(uniform(), patches)
                                       : cells[size_t(pick(uniform(), int64_t(cells.size())))];
    if (hidden[size_t(cell)]) continue;
    hidden[size_t(cell)] = 1;
    ++count;
  }
  return hidden;
}

std::vector<uint8_t> grid_hidden_patches(int64_t grid, int64_t hidden_count,
                                         const std::function<double()>& uniform) {
  const int64_t patches = grid * grid, kept = patches - hidden_count;
  std::vector<uint8_t> hidden(size_t(patches), 1);
  if (kept <= 0) return hidden;
  const auto stride = static_cast<int64_t>(std::llround(std::sqrt(double(patches) / double(kept))));
  if (stride >= 1 && grid % stride == 0 && (grid / stride) * (grid / stride) == kept) {
    // A 2-D lattice: one patch kept in every stride x stride cell, at the same offset.
    const int64_t oy = pick(uniform(), stride), ox = pick(uniform(), stride);
    for (int64_t y = oy; y < grid; y += stride)
      for (int64_t x = ox; x < grid; x += stride) hidden[size_t(y * grid + x)] = 0;
    return hidden;
  }
  // Evenly spaced in raster order: gaps differ by at most one patch.
  const double phase = uniform(), step = double(patches) / double(kept);
  for (int64_t i = 0; i < kept; ++i)
    hidden[size_t(std::min<int64_t>(patches - 1, int64_t((double(i) + phase) * step)))] = 0;
  return hidden;
}

MaskPlan make_masks(MaskStrategy strategy, int64_t batch, int64_t grid, double mask_ratio,
                    at::Generator& generator, torch::Device device) {
  const int64_t patches = grid * grid;
  if (strategy == MaskStrategy::Random)
    return random_masking(batch, patches, mask_ratio, generator, device);
  const int64_t keep = kept_patch_count(patches, mask_ratio);
  UniformStream stream(generator);
  const std::function<double()> uniform = [&] { return stream(); };
  std::vector<std::vector<uint8_t>> hidden;
  hidden.reserve(size_t(batch));
  for (int64_t b = 0; b < batch; ++b)
    hidden.push_back(strategy == MaskStrategy::Block
                         ? block_hidden_patches(grid, patches - keep, uniform)
                         : grid_hidden_patches(grid, patches - keep, uniform));
  return mask_from_shuffle(shuffle_from_hidden(hidden, patches, generator).to(device), keep);
}

}  // namespace rcmae
