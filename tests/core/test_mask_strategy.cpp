// Masking strategies: every strategy hides exactly the requested count; block masks are
// contiguous regions, grid masks are regular; the plans are consistent and reproducible.
#include <torch/torch.h>

#include <QtTest>
#include <algorithm>
#include <functional>
#include <numeric>
#include <random>

#include "harness/qtest_registry.h"
#include "rcmae/model/mask_strategy.h"

namespace {

std::function<double()> uniform_from(uint32_t seed) {
  auto engine = std::make_shared<std::mt19937>(seed);
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

int64_t count_hidden(const std::vector<uint8_t>& hidden) {
  return std::count(hidden.begin(), hidden.end(), uint8_t(1));
}

// Sizes of the 4-connected regions of hidden patches.
std::vector<int64_t> region_sizes(const std::vector<uint8_t>& hidden, int64_t grid) {
  std::vector<int> seen(hidden.size(), 0);
  std::vector<int64_t> sizes;
  for (int64_t start = 0; start < int64_t(hidden.size()); ++start) {
    if (!hidden[size_t(start)] || seen[size_t(start)]) continue;
    std::vector<int64_t> stack{start};
    seen[size_t(start)] = 1;
    int64_t size = 0;
    while (!stack.empty()) {
      const int64_t cell = stack.back();
      stack.pop_back();
      ++size;
      const int64_t y = cell / grid, x = cell % grid;
      const int64_t next[4][2] = {{y - 1, x}, {y + 1, x}, {y, x - 1}, {y, x + 1}};
      for (const auto& n : next) {
        if (n[0] < 0 || n[0] >= grid || n[1] < 0 || n[1] >= grid) continue;
        const int64_t id = n[0] * grid + n[1];
        if (hidden[size_t(id)] && !seen[size_t(id)]) {
          seen[size_t(id)] = 1;
          stack.push_back(id);
        }
      }
    }
    sizes.push_back(size);
  }
  return sizes;
}

std::vector<int64_t> kept_indices(const std::vector<uint8_t>& hidden) {
  std::vector<int64_t> kept;
  for (int64_t i = 0; i < int64_t(hidden.size()); ++i)
    if (!hidden[size_t(i)]) kept.push_back(i);
  return kept;
}

}  // namespace

class TestMaskStrategy : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void block_masks_have_the_count_and_are_contiguous() {
    for (int64_t grid : {7, 8, 14}) {
      for (double ratio : {0.5, 0.75, 0.9}) {
        const int64_t patches = grid * grid;
        const int64_t hidden_count = patches - rcmae::kept_patch_count(patches, ratio);
        for (uint32_t seed = 0; seed < 20; ++seed) {
          const auto hidden = rcmae::block_hidden_patches(grid, hidden_count, uniform_from(seed));
          QCOMPARE(count_hidden(hidden), hidden_count);
          const auto sizes = region_sizes(hidden, grid);
          // Contiguous: no isolated hidden patch, and a few regions rather than a scatter
          // (a random mask of 37 of 49 patches is one region too, so also compare below).
          for (int64_t size : sizes)
            QVERIFY2(size >= 2, qPrintable(QString("grid %1 ratio %2 seed %3: a region of %4")
                                               .arg(grid)
                                               .arg(ratio)
                                               .arg(seed)
                                               .arg(size)));
          QVERIFY(int64_t(sizes.size()) <= std::max<int64_t>(1, hidden_count / 3));
        }
      }
    }
  }

  void block_masks_are_more_clustered_than_random_ones() {
    // At ratio 0.5 on 14 x 14, hidden patches of block masks touch far more hidden neighbours.
    const int64_t grid = 14, hidden_count = 98;
    auto neighbours = [&](const std::vector<uint8_t>& h) {
      int64_t pairs = 0;
      for (int64_t y = 0; y < grid; ++y)
        for (int64_t x = 0; x + 1 < grid; ++x) {
          pairs += h[size_t(y * grid + x)] && h[size_t(y * grid + x + 1)];
          pairs += h[size_t(x * grid + y)] && h[size_t((x + 1) * grid + y)];
        }
      return pairs;
    };
    auto uniform = uniform_from(5);
    std::vector<uint8_t> random_mask(size_t(grid * grid), 0);
    std::vector<int64_t> order(size_t(grid * grid));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(5));
    for (int64_t i = 0; i < hidden_count; ++i) random_mask[size_t(order[size_t(i)])] = 1;
    const auto block = rcmae::block_hidden_patches(grid, hidden_count, uniform);
    // Random: about 2 · 14 · 13 · 0.25 = 91 adjacent hidden pairs; blocks: well over 150.
    QVERIFY2(neighbours(block) > neighbours(random_mask) + 40,
             qPrintable(QString("%1 vs %2").arg(neighbours(block)).arg(neighbours(random_mask))));
  }

  void grid_masks_are_a_lattice_where_one_fits() {
    // 8 x 8 at 0.75 keeps 16 = 4 x 4: one patch in every 2 x 2 cell, at the same offset.
    for (uint32_t seed = 0; seed < 10; ++seed) {
      const auto hidden = rcmae::grid_hidden_patches(8, 48, uniform_from(seed));
      const auto kept = kept_indices(hidden);
      QCOMPARE(int64_t(kept.size()), int64_t(16));
      for (int64_t k : kept) {
        QCOMPARE((k / 8) % 2, (kept[0] / 8) % 2);
        QCOMPARE((k % 8) % 2, (kept[0] % 8) % 2);
      }
    }
  }

  void grid_masks_are_evenly_spaced_otherwise() {
    // 7 x 7 at 0.75 keeps 12 of 49: no lattice has 12 points, so raster gaps of 4 or 5.
    for (uint32_t seed = 0; seed < 10; ++seed) {
      const auto hidden = rcmae::grid_hidden_patches(7, 37, uniform_from(seed));
      const auto kept = kept_indices(hidden);
      QCOMPARE(int64_t(kept.size()), int64_t(12));
      for (size_t i = 1; i < kept.size(); ++i) {
        const int64_t gap = kept[i] - kept[i - 1];
        QVERIFY2(gap == 4 || gap == 5, qPrintable(QString::number(gap)));
      }
    }
  }

  void plans_are_consistent_and_reproducible() {
    for (auto strategy :
         {rcmae::MaskStrategy::Random, rcmae::MaskStrategy::Block, rcmae::MaskStrategy::Grid}) {
      auto gen_a = at::detail::createCPUGenerator(11), gen_b = at::detail::createCPUGenerator(11);
      auto a = rcmae::make_masks(strategy, 6, 7, 0.75, gen_a, torch::kCPU);
      auto b = rcmae::make_masks(strategy, 6, 7, 0.75, gen_b, torch::kCPU);
      QVERIFY(torch::equal(a.ids_shuffle, b.ids_shuffle));
      QCOMPARE(a.len_keep, int64_t(12));
      QVERIFY(torch::equal(a.mask.sum(1), torch::full({6}, 37.0f)));
      // The kept ids are exactly the patches the mask leaves visible.
      QCOMPARE(a.mask.gather(1, a.ids_keep).sum().item<float>(), 0.0f);
      QVERIFY(
          torch::equal(a.ids_shuffle.gather(1, a.ids_restore), torch::arange(49).expand({6, 49})));
    }
    // Random is MAE's masking, draw for draw.
    auto gen_a = at::detail::createCPUGenerator(3), gen_b = at::detail::createCPUGenerator(3);
    auto ours = rcmae::make_masks(rcmae::MaskStrategy::Random, 4, 7, 0.75, gen_a, torch::kCPU);
    auto mae = rcmae::random_masking(4, 49, 0.75, gen_b, torch::kCPU);
    QVERIFY(torch::equal(ours.ids_shuffle, mae.ids_shuffle));
    QVERIFY(rcmae::mask_strategy_from_string("block") == rcmae::MaskStrategy::Block);
    QVERIFY(!rcmae::mask_strategy_from_string("checkerboard"));
  }
};

RCMAE_QTEST_GUILESS(TestMaskStrategy)
#include "test_mask_strategy.moc"
