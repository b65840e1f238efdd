// 2-D sin-cos positional embedding against values computed by hand from the formula.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/model/pos_embed.h"

class TestPosEmbed : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void shape_and_origin() {
    auto table = rcmae::sincos_pos_embed_2d(8, 3);
    QCOMPARE(table.size(0), 9);
    QCOMPARE(table.size(1), 8);
    // Position (0,0): sin(0)=0, cos(0)=1 in both halves.
    auto row0 = table[0];
    const float expected[8] = {0, 0, 1, 1, 0, 0, 1, 1};
    for (int i = 0; i < 8; ++i) QCOMPARE(row0[i].item<float>(), expected[i]);
  }

  void hand_computed_values() {
    // dim 8 -> each half has 4 channels, D/4 = 2 frequencies: omega_k = 1/10000^(k/2),
    // k = 0, 1 -> omega = {1, 0.01}. Patch l = row*grid + col; the first half encodes
    // the column, the second the row (the reference's meshgrid order).
    const int grid = 4;
    auto table = rcmae::sincos_pos_embed_2d(8, grid);
    const int row = 2, col = 3;
    auto v = table[row * grid + col];
    const double w[2] = {1.0, 0.01};
    const double expected[8] = {std::sin(col * w[0]), std::sin(col * w[1]), std::cos(col * w[0]),
                                std::cos(col * w[1]), std::sin(row * w[0]), std::sin(row * w[1]),
                                std::cos(row * w[0]), std::cos(row * w[1])};
    for (int i = 0; i < 8; ++i) QVERIFY(std::abs(v[i].item<double>() - expected[i]) < 1e-6);
  }

  void wider_dim_frequency() {
    // dim 16: D/4 = 4 frequencies, omega_3 = 1/10000^(3/4) = 0.001.
    auto v = rcmae::sincos_pos_embed_2d(16, 8)[5];  // row 0, col 5
    QVERIFY(std::abs(v[3].item<double>() - std::sin(5 * 0.001)) < 1e-6);
    QVERIFY(std::abs(v[7].item<double>() - std::cos(5 * 0.001)) < 1e-6);
  }
};

RCMAE_QTEST_GUILESS(TestPosEmbed)
#include "test_pos_embed.moc"
