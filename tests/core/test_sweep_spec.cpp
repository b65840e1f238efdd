// Sweep definitions: axis lists are parsed and written canonically, a grid expands to every
// combination with names made of the values, random search draws a fixed budget that a seed
// repeats, points set their values on the base configuration, and sweep.json reads back.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <set>

#include "harness/qtest_registry.h"
#include "rcmae/sweep/sweep_file.h"
#include "rcmae/sweep/sweep_points.h"

namespace {
rcmae::SweepSpec two_by_three() {
  rcmae::SweepSpec spec;
  // Given in the "wrong" order: names and expansion follow sweep_axis_names().
  spec.axes.push_back(rcmae::parse_sweep_axis("momentum=0.99,0.996,0.999"));
  spec.axes.push_back(rcmae::parse_sweep_axis("mask-ratio=0.50,0.75"));
  return spec;
}

std::vector<std::string> names(const std::vector<rcmae::SweepPoint>& points) {
  std::vector<std::string> out;
  for (const auto& p : points) out.push_back(p.name);
  return out;
}
}  // namespace

class TestSweepSpec : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void axis_values_are_canonical_and_checked() {
    const auto axis = rcmae::parse_sweep_axis("mask-ratio=0.750,0.5,.9");
    QCOMPARE(axis.name, std::string("mask-ratio"));
    QCOMPARE(axis.values, (std::vector<std::string>{"0.75", "0.5", "0.9"}));
    QCOMPARE(rcmae::parse_sweep_axis("base-lr=1.5e-4").values.front(), std::string("0.00015"));
    QCOMPARE(rcmae::parse_sweep_axis("mode=mae,rcmae-d").values.size(), size_t(2));
    QCOMPARE(rcmae::parse_sweep_axis("seed=0,7").values.back(), std::string("7"));
    const auto range = rcmae::parse_sweep_axis("base-lr=1e-4:1e-3");
    QVERIFY(range.range.has_value());
    QCOMPARE(range.range->second, 1e-3);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::parse_sweep_axis("depth=1,2"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::parse_sweep_axis("momentum=0.9,x"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::parse_sweep_axis("mode=byol"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::parse_sweep_axis("seed=1.5"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::parse_sweep_axis("gamma=1,1.0"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::parse_sweep_axis("mask-ratio"));
  }

  void grid_expands_every_combination_last_axis_fastest() {
    const auto points = rcmae::expand_sweep(two_by_three());
    QCOMPARE(names(points), (std::vector<std::string>{"mask0.5_mom0.99", "mask0.5_mom0.996",
                                                      "mask0.5_mom0.999", "mask0.75_mom0.99",
                                                      "mask0.75_mom0.996", "mask0.75_mom0.999"}));
    QCOMPARE(points[4].value("mask-ratio"), std::string("0.75"));
    QCOMPARE(points[4].value("momentum"), std::string("0.996"));
    QCOMPARE(points[4].value("gamma"), std::string(""));
  }

  void points_set_their_values_on_the_base_config() {
    rcmae::TrainConfig base;
    base.gamma = 0.5;
    rcmae::SweepSpec spec;
    spec.axes.push_back(rcmae::parse_sweep_axis("mode=mae,rcmae-d"));
    spec.axes.push_back(rcmae::parse_sweep_axis("base-lr=0.001"));
    spec.axes.push_back(rcmae::parse_sweep_axis("seed=3"));
    const auto points = rcmae::expand_sweep(spec);
    QCOMPARE(points[1].name, std::string("lr0.001_rcmae-d_seed3"));
    const auto config = rcmae::config_for_point(base, points[1]);
    QCOMPARE(config.mode, rcmae::TeacherMode::RcMaeD);
    QCOMPARE(config.base_lr, 0.001);
    QCOMPARE(config.seed, uint64_t(3));
    QCOMPARE(config.gamma, 0.5);  // not swept: the base value
    // A value valid for the axis but not for training names the point.
    rcmae::SweepSpec bad;
    bad.axes.push_back(rcmae::parse_sweep_axis("mask-ratio=0.5,1.5"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             rcmae::make_sweep_definition(bad, base, rcmae::MedianStopRule{}));
  }

  void random_search_draws_a_fixed_budget_the_seed_repeats() {
    auto spec = two_by_three();
    spec.random_points = 4;
    spec.random_seed = 11;
    const auto first = rcmae::expand_sweep(spec);
    QCOMPARE(first.size(), size_t(4));
    QCOMPARE(names(rcmae::expand_sweep(spec)), names(first));  // same seed, same points
    const auto all = names(rcmae::expand_sweep(two_by_three()));
    std::set<std::string> distinct;
    for (const auto& name : names(first)) {
      QVERIFY(std::find(all.begin(), all.end(), name) != all.end());  // grid points only
      distinct.insert(name);
    }
    QCOMPARE(distinct.size(), size_t(4));
    spec.random_seed = 12;
    QVERIFY(names(rcmae::expand_sweep(spec)) != names(first));
    spec.random_points = 50;  // more than the grid: the whole grid once
    QCOMPARE(rcmae::expand_sweep(spec).size(), size_t(6));
  }

  void random_ranges_stay_inside_and_lr_is_log_uniform() {
    rcmae::SweepSpec spec;
    spec.axes.push_back(rcmae::parse_sweep_axis("base-lr=1e-5:1e-1"));
    spec.axes.push_back(rcmae::parse_sweep_axis("mask-ratio=0.4:0.9"));
    spec.random_points = 200;
    spec.random_seed = 3;
    const auto points = rcmae::expand_sweep(spec);
    QCOMPARE(points.size(), size_t(200));
    int below_1e3 = 0;
    for (const auto& p : points) {
      const double lr = std::stod(p.value("base-lr"));
      const double mask = std::stod(p.value("mask-ratio"));
      QVERIFY(lr >= 1e-5 && lr <= 1e-1);
      QVERIFY(mask >= 0.4 && mask <= 0.9);
      below_1e3 += lr < 1e-3;
    }
    // Log-uniform over four decades: about half below 1e-3 (uniform would give ~1 %).
    QVERIFY2(below_1e3 > 70 && below_1e3 < 130, std::to_string(below_1e3).c_str());
    spec.random_points = 0;  // a range cannot be a grid
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::expand_sweep(spec));
  }

  void sweep_file_reads_back_the_same_sweep() {
    QTemporaryDir dir;
    const std::filesystem::path folder = dir.path().toStdString();
    rcmae::TrainConfig base;
    base.steps = 123;
    base.preset = "micro";
    rcmae::MedianStopRule rule;
    rule.enabled = true;
    rule.warmup_fraction = 0.4;
    auto spec = two_by_three();
    const auto sweep = rcmae::make_sweep_definition(spec, base, rule);
    rcmae::write_sweep_file(folder, sweep);
    const auto read = rcmae::read_sweep_file(folder);
    QVERIFY(rcmae::same_sweep(sweep, read));
    QCOMPARE(names(read.points), names(sweep.points));
    QCOMPARE(read.points[3].values, sweep.points[3].values);
    QCOMPARE(read.base.steps, int64_t(123));
    QCOMPARE(read.early_stop.warmup_fraction, 0.4);
    QVERIFY(read.early_stop.enabled);
    base.steps = 124;
    QVERIFY(!rcmae::same_sweep(sweep, rcmae::make_sweep_definition(spec, base, rule)));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, rcmae::read_sweep_file(folder / "nothing"));
  }
};

RCMAE_QTEST_GUILESS(TestSweepSpec)
#include "test_sweep_spec.moc"
