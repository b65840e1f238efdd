// Learning-rate and momentum schedules: endpoints and global-step indexing.
#include <QtTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/train/schedules.h"

using rcmae::MomentumSchedule;

class TestSchedules : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void lr_warmup_then_half_cosine() {
    const double peak = 1e-3;
    QCOMPARE(rcmae::learning_rate_at(0, 100, 10, peak), 0.0);
    QVERIFY(std::abs(rcmae::learning_rate_at(5, 100, 10, peak) - 0.5e-3) < 1e-15);
    QVERIFY(std::abs(rcmae::learning_rate_at(10, 100, 10, peak) - peak) < 1e-15);
    // Half way through the cosine part: peak / 2.
    QVERIFY(std::abs(rcmae::learning_rate_at(55, 100, 10, peak) - 0.5e-3) < 1e-12);
    QVERIFY(rcmae::learning_rate_at(100, 100, 10, peak) < 1e-18);
  }

  void momentum_constant_is_flat() {
    for (int step : {0, 10, 999})
      QCOMPARE(rcmae::momentum_at(step, 1000, 0.996, MomentumSchedule::Constant), 0.996);
  }

  void momentum_cosine_endpoints_and_midpoint() {
    QVERIFY(std::abs(rcmae::momentum_at(0, 1000, 0.996, MomentumSchedule::Cosine) - 0.996) < 1e-15);
    QVERIFY(std::abs(rcmae::momentum_at(1000, 1000, 0.996, MomentumSchedule::Cosine) - 1.0) <
            1e-15);
    QVERIFY(std::abs(rcmae::momentum_at(500, 1000, 0.996, MomentumSchedule::Cosine) - 0.998) <
            1e-12);
  }

  void momentum_cosine_is_indexed_by_global_step() {
    // Not restarting: step 600 of 1000 is past the midpoint and strictly monotone.
    double previous = 0;
    for (int step = 0; step <= 1000; step += 100) {
      const double m = rcmae::momentum_at(step, 1000, 0.99, MomentumSchedule::Cosine);
      QVERIFY(m > previous);
      previous = m;
    }
    const double expected = 1 - 0.01 * 0.5 * (1 + std::cos(M_PI * 0.6));
    QVERIFY(std::abs(rcmae::momentum_at(600, 1000, 0.99, MomentumSchedule::Cosine) - expected) <
            1e-15);
  }
};

RCMAE_QTEST_GUILESS(TestSchedules)
#include "test_schedules.moc"
