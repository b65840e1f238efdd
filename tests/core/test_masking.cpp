// Random masking invariants: kept count, ids_restore inverts ids_shuffle, mask sums,
// mask marks exactly the non-kept patches, determinism by generator seed.
#include <torch/torch.h>

#include <QtTest>

#include "harness/qtest_registry.h"
#include "rcmae/model/masking.h"

class TestMasking : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void kept_count_truncates_like_python_int() {
    QCOMPARE(rcmae::kept_patch_count(64, 0.75), 16);
    QCOMPARE(rcmae::kept_patch_count(49, 0.75), 12);  // int(12.25)
    QCOMPARE(rcmae::kept_patch_count(49, 0.9), 4);    // int(4.9)
    QCOMPARE(rcmae::kept_patch_count(196, 0.75), 49);
  }

  void invariants_hold_per_sample() {
    auto gen = at::detail::createCPUGenerator(7);
    const int64_t n = 16, l = 49;
    auto plan = rcmae::random_masking(n, l, 0.75, gen, torch::kCPU);
    QCOMPARE(plan.len_keep, 12);
    QCOMPARE(plan.ids_keep.size(1), 12);
    // ids_restore inverts ids_shuffle: gather(ids_shuffle, ids_restore) == arange.
    auto identity = torch::arange(l).expand({n, l});
    QVERIFY(torch::equal(torch::gather(plan.ids_shuffle, 1, plan.ids_restore), identity));
    // Every row of ids_shuffle is a permutation.
    QVERIFY(torch::equal(std::get<0>(plan.ids_shuffle.sort(1)), identity));
    // Exactly L - len_keep hidden per sample.
    auto hidden = plan.mask.sum(1);
    QVERIFY(torch::all(hidden == float(l - 12)).item<bool>());
    // The kept indices are exactly the zeros of the mask.
    auto kept_mask = torch::gather(plan.mask, 1, plan.ids_keep);
    QCOMPARE(kept_mask.sum().item<float>(), 0.0f);
  }

  void masks_differ_between_samples_and_repeat_by_seed() {
    auto g1 = at::detail::createCPUGenerator(3);
    auto g2 = at::detail::createCPUGenerator(3);
    auto a = rcmae::random_masking(4, 64, 0.75, g1, torch::kCPU);
    auto b = rcmae::random_masking(4, 64, 0.75, g2, torch::kCPU);
    QVERIFY(torch::equal(a.ids_shuffle, b.ids_shuffle));
    QVERIFY(!torch::equal(a.mask[0], a.mask[1]));
  }

  // A fork's mask-ratio arm draws the same noise as its control (the same generator state):
  // the patches hidden at 0.6 are hidden at 0.9 too, and the generators stay in step.
  void ratios_from_one_generator_state_hide_nested_patches() {
    auto g_low = at::detail::createCPUGenerator(11);
    auto g_high = at::detail::createCPUGenerator(11);
    auto low = rcmae::random_masking(8, 49, 0.6, g_low, torch::kCPU);
    auto high = rcmae::random_masking(8, 49, 0.9, g_high, torch::kCPU);
    QCOMPARE(low.mask.sum().item<double>(), 8.0 * (49 - 19));  // int(49 * 0.4) = 19 kept
    QCOMPARE(high.mask.sum().item<double>(), 8.0 * (49 - 4));  // int(49 * 0.1) = 4 kept
    QVERIFY(torch::all(high.mask >= low.mask).item<bool>());
    QVERIFY(torch::any(high.mask > low.mask).item<bool>());
    auto next_low = rcmae::random_masking(8, 49, 0.6, g_low, torch::kCPU);
    auto next_high = rcmae::random_masking(8, 49, 0.6, g_high, torch::kCPU);
    QVERIFY(torch::equal(next_low.mask, next_high.mask));
  }

  void mask_from_given_shuffle() {
    auto shuffle = torch::tensor({2, 0, 3, 1}, torch::kInt64).unsqueeze(0);
    auto plan = rcmae::mask_from_shuffle(shuffle, 2);
    // Patches 2 and 0 are kept; 3 and 1 hidden.
    auto expected = torch::tensor({0.f, 1.f, 0.f, 1.f}).unsqueeze(0);
    QVERIFY(torch::equal(plan.mask, expected));
    auto restore = torch::tensor({1, 3, 0, 2}, torch::kInt64).unsqueeze(0);
    QVERIFY(torch::equal(plan.ids_restore, restore));
  }
};

RCMAE_QTEST_GUILESS(TestMasking)
#include "test_masking.moc"
