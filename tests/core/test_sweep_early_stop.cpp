// The median stopping rule on hand-made loss curves: decisions only at evaluation steps after
// the warm-up, against enough reference points, strictly worse than their median of the
// smoothed loss; and the metrics.csv repair after a resume.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "harness/qtest_registry.h"
#include "rcmae/sweep/loss_curve.h"
#include "rcmae/sweep/median_stop_rule.h"

namespace {
// loss(step) = start - slope * step, for steps 1..n.
rcmae::LossCurve line(double start, double slope, int n) {
  rcmae::LossCurve curve;
  for (int s = 1; s <= n; ++s) curve.push_back(start - slope * s);
  return curve;
}

rcmae::MedianStopRule rule_every_10() {
  rcmae::MedianStopRule rule;
  rule.enabled = true;
  rule.warmup_fraction = 0.25;
  rule.eval_every = 10;
  rule.window = 4;
  rule.min_reference = 2;
  return rule;
}
}  // namespace

class TestSweepEarlyStop : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void smoothed_loss_is_the_window_mean() {
    const auto curve = line(1.0, 0.01, 20);  // 0.99, 0.98, ...
    QCOMPARE(rcmae::smoothed_loss(curve, 10, 4), (0.93 + 0.92 + 0.91 + 0.90) / 4);
    QVERIFY(std::isnan(rcmae::smoothed_loss(curve, 3, 4)));   // window reaches before step 1
    QVERIFY(std::isnan(rcmae::smoothed_loss(curve, 21, 4)));  // past the curve
    auto gap = curve;
    gap[8] = std::nan("");
    QVERIFY(std::isnan(rcmae::smoothed_loss(gap, 10, 4)));
    QCOMPARE(rcmae::median_of({3, 1, 2}), 2.0);
    QCOMPARE(rcmae::median_of({4, 1, 2, 3}), 2.5);
    QVERIFY(std::isnan(rcmae::median_of({})));
  }

  void evaluation_steps_follow_warmup_and_interval() {
    auto rule = rule_every_10();
    QVERIFY(!rcmae::is_evaluation_step(rule, 100, 20));  // 20 < 0.25 * 100
    QVERIFY(rcmae::is_evaluation_step(rule, 100, 30));
    QVERIFY(!rcmae::is_evaluation_step(rule, 100, 35));
    QVERIFY(!rcmae::is_evaluation_step(rule, 100, 100));  // the last step: nothing to save
    rcmae::MedianStopRule defaults;
    defaults.enabled = true;
    QCOMPARE(rcmae::evaluation_interval(defaults, 300), int64_t(30));
    QCOMPARE(rcmae::smoothing_window(defaults, 300), int64_t(30));
    QCOMPARE(rcmae::evaluation_interval(defaults, 5), int64_t(1));
    rule.enabled = false;
    QVERIFY(!rcmae::is_evaluation_step(rule, 100, 30));
  }

  void stops_only_a_point_worse_than_the_median() {
    const auto rule = rule_every_10();
    // References at step 30 (window 27..30, mean step 28.5): 0.715, 0.43, 0.145 -> median 0.43.
    const std::vector<rcmae::LossCurve> references = {line(1.0, 0.01, 100), line(1.0, 0.02, 100),
                                                      line(1.0, 0.03, 100)};
    const auto worse = line(1.0, 0.015, 100);   // 0.5725 at step 30
    const auto better = line(1.0, 0.025, 100);  // 0.2875
    const auto stop = rcmae::decide_median_stop(rule, 100, 30, worse, references);
    QVERIFY(stop.stop);
    QCOMPARE(stop.references, 3);
    QVERIFY(std::abs(stop.median - 0.43) < 1e-12);
    QVERIFY(std::abs(stop.smoothed - 0.5725) < 1e-12);
    QVERIFY(!rcmae::decide_median_stop(rule, 100, 30, better, references).stop);
    // Equal to the median is not worse.
    QVERIFY(!rcmae::decide_median_stop(rule, 100, 30, references[1], references).stop);
    // Not an evaluation step, or still in the warm-up: no decision however bad.
    QVERIFY(!rcmae::decide_median_stop(rule, 100, 31, worse, references).stop);
    QVERIFY(!rcmae::decide_median_stop(rule, 100, 20, line(5.0, 0, 100), references).stop);
  }

  void needs_enough_references_that_reached_the_step() {
    const auto rule = rule_every_10();
    const auto worse = line(1.0, 0.001, 100);
    // One finished reference and one stopped early at step 20: only one reached step 40.
    const std::vector<rcmae::LossCurve> references = {line(1.0, 0.02, 100), line(1.0, 0.01, 20)};
    const auto at_40 = rcmae::decide_median_stop(rule, 100, 40, worse, references);
    QVERIFY(!at_40.stop);
    QCOMPARE(at_40.references, 1);
    QVERIFY(std::isnan(at_40.median));
    // The one stopped at step 20 has no loss for steps 27..30 either.
    QCOMPARE(rcmae::decide_median_stop(rule, 100, 30, worse, references).references, 1);
    // Two that reached the step: the rule decides (median = mean of the middle two).
    const std::vector<rcmae::LossCurve> two = {line(1.0, 0.02, 100), line(1.0, 0.01, 100)};
    const auto decided = rcmae::decide_median_stop(rule, 100, 40, worse, two);
    QVERIFY(decided.stop);
    QVERIFY(std::abs(decided.median - 0.4225) < 1e-12);  // (0.23 + 0.615) / 2, window 37..40
  }

  void missing_metrics_give_an_empty_curve() {
    QTemporaryDir dir;
    QVERIFY(rcmae::read_loss_curve(dir.filePath("none.csv").toStdString()).empty());
  }
};

RCMAE_QTEST_GUILESS(TestSweepEarlyStop)
#include "test_sweep_early_stop.moc"
