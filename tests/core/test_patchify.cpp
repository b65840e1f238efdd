// patchify/unpatchify: element order and round trip, checked against hand-indexed values.
#include <torch/torch.h>

#include <QtTest>

#include "harness/qtest_registry.h"
#include "rcmae/model/patchify.h"

class TestPatchify : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void shape_is_n_l_ppc() {
    auto images = torch::randn({2, 3, 8, 8});
    auto patches = rcmae::patchify(images, 4);
    QCOMPARE(patches.size(0), 2);
    QCOMPARE(patches.size(1), 4);  // (8/4)^2
    QCOMPARE(patches.size(2), 4 * 4 * 3);
  }

  void element_order_is_row_col_channel_last() {
    // Value encodes (c, y, x) so every element can be checked by hand.
    const int c = 3, h = 8, w = 8, p = 4;
    auto images = torch::empty({1, c, h, w});
    auto a = images.accessor<float, 4>();
    for (int ch = 0; ch < c; ++ch)
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) a[0][ch][y][x] = ch * 1000 + y * 10 + x;
    auto patches = rcmae::patchify(images, p);
    auto pa = patches.accessor<float, 3>();
    const int grid = w / p;
    for (int l = 0; l < grid * grid; ++l) {
      const int py = l / grid, px = l % grid;  // patches in row-major order
      for (int j = 0; j < p * p * c; ++j) {
        const int row = j / (p * c), col = (j / c) % p, ch = j % c;  // channel last
        const float expected = ch * 1000 + (py * p + row) * 10 + (px * p + col);
        QCOMPARE(pa[0][l][j], expected);
      }
    }
  }

  void round_trip_is_exact() {
    auto images = torch::randn({3, 1, 28, 28});
    auto back = rcmae::unpatchify(rcmae::patchify(images, 7), 7, 1);
    QVERIFY(torch::equal(images, back));
    auto rgb = torch::randn({2, 3, 32, 32});
    QVERIFY(torch::equal(rgb, rcmae::unpatchify(rcmae::patchify(rgb, 4), 4, 3)));
  }
};

RCMAE_QTEST_GUILESS(TestPatchify)
#include "test_patchify.moc"
