// norm_pix targets and the masked loss, on hand examples.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/model/loss.h"

class TestLoss : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void norm_pix_uses_unbiased_variance() {
    // One 1-channel 2x2 image, patch 2: a single patch [1, 2, 3, 4] (row-major).
    auto image = torch::tensor({1.f, 2.f, 3.f, 4.f}).reshape({1, 1, 2, 2});
    auto target = rcmae::patch_targets(image, 2, true);
    // mean 2.5, unbiased var = (2.25+0.25+0.25+2.25)/3 = 5/3.
    const double sd = std::sqrt(5.0 / 3.0 + 1e-6);
    const double expected[4] = {-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd};
    for (int j = 0; j < 4; ++j)
      QVERIFY(std::abs(target[0][0][j].item<double>() - expected[j]) < 1e-6);
    auto raw = rcmae::patch_targets(image, 2, false);
    QCOMPARE(raw[0][0][3].item<float>(), 4.0f);
  }

  void masked_mse_counts_only_hidden_patches() {
    // 1 image, 3 patches of 2 values. Errors per patch: 1, 4, 9 (mean of squares).
    auto target = torch::zeros({1, 3, 2});
    auto pred = torch::tensor({1.f, -1.f, 2.f, 2.f, 3.f, -3.f}).reshape({1, 3, 2});
    auto mask = torch::tensor({1.f, 0.f, 1.f}).reshape({1, 3});
    // (1 + 9) / 2 = 5: the visible patch (error 4) is ignored.
    QCOMPARE(rcmae::masked_mse(pred, target, mask).item<float>(), 5.0f);
    auto all = torch::ones({1, 3});
    QVERIFY(std::abs(rcmae::masked_mse(pred, target, all).item<float>() - 14.0f / 3) < 1e-6);
  }
};

RCMAE_QTEST_GUILESS(TestLoss)
#include "test_loss.moc"
