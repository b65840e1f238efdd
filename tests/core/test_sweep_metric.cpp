// What a sweep ranks its points by (sweep_report): by default what each point learned, read
// from its quality.csv (the linear probe, else kNN, else held-out NMSE), the student's in MAE
// mode; the final loss only when no point has a quality row, and the table says which
// points have none. Hand-written point folders, no training.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/qtest_registry.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/run/run_files.h"
#include "rcmae/sweep/sweep_file.h"
#include "rcmae/sweep/sweep_report.h"

using namespace rcmae;
namespace fs = std::filesystem;

namespace {

// One quality.csv row's numbers that matter here (NaN: empty cell).
struct Quality {
  double student_nmse, teacher_nmse, student_knn, teacher_knn, student_probe, teacher_probe;
};

std::string csv(double value) { return std::isnan(value) ? "" : std::to_string(value); }

// A finished point: loss falling to `final_loss`; quality rows at steps 5 and 10, the first
// reconstruction-only, the second `last` (none when `quality` is empty).
void write_point(const fs::path& folder, const SweepPoint& point, double final_loss,
                 const std::vector<Quality>& quality) {
  fs::create_directories(folder);
  const std::string mode = point.value("mode").empty() ? "rcmae" : point.value("mode");
  std::ofstream(folder / run_files::kConfig) << R"({"mode":")" << mode << R"(","preset":"micro"})";
  std::ofstream metrics(folder / run_files::kMetrics);
  metrics << "step,loss,loss_rec\n";
  for (int s = 1; s <= 10; ++s) metrics << s << ',' << final_loss + 0.01 * (10 - s) << ",0.1\n";
  if (!quality.empty()) {
    std::ofstream rows(folder / run_files::kQuality);
    rows << RunFolder::quality_header() << '\n';
    int step = 0;
    for (const Quality& q : quality) {
      step += 5;
      rows << step << ",1.0,0.1,0.02," << csv(20) << ',' << csv(q.student_nmse) << ",0.02,20,"
           << csv(q.teacher_nmse) << ',' << csv(q.student_knn) << ',' << csv(q.teacher_knn) << ','
           << csv(q.student_probe) << ',' << csv(q.teacher_probe) << ",0.3,0.3,0.5,0.55\n";
    }
  }
  PointStatus status;
  status.state = PointState::Finished;
  status.steps_done = 10;
  write_point_status(folder, status);
}

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

Quality reconstruction_only(double nmse) { return {nmse + 0.05, nmse, kNan, kNan, kNan, kNan}; }

SweepDefinition make_sweep(const fs::path& folder, const std::vector<std::string>& axes) {
  SweepSpec spec;
  for (const auto& axis : axes) spec.axes.push_back(parse_sweep_axis(axis));
  TrainConfig base;
  base.steps = 10;
  const SweepDefinition sweep = make_sweep_definition(spec, base, MedianStopRule{});
  write_sweep_file(folder, sweep);
  return sweep;
}

int best_row(const SweepReport& report, const std::string& table) {
  for (size_t i = 0; i < report.rows.size(); ++i)
    if (table.find("best ") != std::string::npos &&
        table.find(": " + report.rows[i].point.name + " (") != std::string::npos)
      return int(i);
  return -1;
}

}  // namespace

class TestSweepMetric : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Probe on every point: the default ranks by it (higher is better), never by the loss,
  // which here favours another point.
  void defaultIsTheTeacherProbe() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "sweep";
    const SweepDefinition sweep =
        make_sweep(folder, {"mask-ratio=0.5,0.75", "momentum=0.99,0.996"});
    const double losses[] = {0.30, 0.40, 0.50, 0.60};  // the loss would pick point 0
    const double probes[] = {0.61, 0.66, 0.72, 0.64};  // the probe picks point 2
    for (size_t i = 0; i < 4; ++i)
      write_point(folder / sweep.points[i].name, sweep.points[i], losses[i],
                  {reconstruction_only(0.6),
                   {0.5, 0.45 + 0.01 * double(i), 0.5, probes[i] - 0.05, 0.6, probes[i]}});
    const SweepReport report = load_sweep_report(folder);
    const SweepMetric metric = default_sweep_metric(report);
    QCOMPARE(metric, SweepMetric::Probe);
    QVERIFY(!lower_is_better(metric));
    QCOMPARE(metric_value(report.rows[2], metric), 0.72);
    QCOMPARE(metric_value(report.rows[1], SweepMetric::FinalKnn), 0.61);
    QCOMPARE(metric_value(report.rows[3], SweepMetric::RecNmse), 0.48);
    const std::string table = format_sweep_table(report, metric);
    QCOMPARE(best_row(report, table), 2);
    QVERIFY2(table.find("best linear-probe accuracy: " + sweep.points[2].name + " (72.0%)") !=
                 std::string::npos,
             table.c_str());
    QVERIFY(table.find("no quality.csv row") == std::string::npos);

    const HeatMapGrid grid = heat_map_grid(report, metric);
    QVERIFY(grid.percent && !grid.lower_is_better);
    QCOMPARE(grid.at(1, 0), 0.72);  // mask 0.75, momentum 0.99
    QCOMPARE(grid.best_x, 1);
    QCOMPARE(grid.best_y, 0);
    // Asked for, the loss still ranks: another metric stays one --metric away.
    QCOMPARE(heat_map_grid(report, SweepMetric::FinalLoss).best_x, 0);
    QVERIFY(default_metric_reason(report).find("linear-probe") != std::string::npos);
  }

  // mode=mae,rcmae: the MAE point has no teacher columns; its student's probe stands in.
  void maePointsUseTheStudent() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "sweep";
    const SweepDefinition sweep = make_sweep(folder, {"mode=mae,rcmae"});
    QCOMPARE(sweep.points[0].value("mode"), std::string("mae"));
    write_point(folder / sweep.points[0].name, sweep.points[0], 0.5,
                {{0.5, kNan, 0.55, kNan, 0.70, kNan}});
    write_point(folder / sweep.points[1].name, sweep.points[1], 0.5,
                {{0.5, 0.4, 0.5, 0.6, 0.62, 0.68}});
    const SweepReport report = load_sweep_report(folder);
    QCOMPARE(default_sweep_metric(report), SweepMetric::Probe);
    QCOMPARE(metric_value(report.rows[0], SweepMetric::Probe), 0.70);
    QCOMPARE(metric_value(report.rows[1], SweepMetric::Probe), 0.68);
    QCOMPARE(metric_value(report.rows[0], SweepMetric::RecNmse), 0.5);
    QCOMPARE(metric_value(report.rows[1], SweepMetric::RecNmse), 0.4);
    QCOMPARE(best_row(report, format_sweep_table(report, SweepMetric::Probe)), 0);
  }

  // A point without a quality row is not ranked on its loss next to the others' probes: it
  // has no value, and the table says why.
  void pointWithoutQualityIsNamedNotRankedByLoss() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "sweep";
    const SweepDefinition sweep = make_sweep(folder, {"gamma=0,1"});
    write_point(folder / sweep.points[0].name, sweep.points[0], 0.1, {});  // lowest loss
    write_point(folder / sweep.points[1].name, sweep.points[1], 0.9,
                {{0.5, 0.4, 0.5, 0.6, 0.62, 0.68}});
    const SweepReport report = load_sweep_report(folder);
    QCOMPARE(default_sweep_metric(report), SweepMetric::Probe);
    QVERIFY(std::isnan(metric_value(report.rows[0], SweepMetric::Probe)));
    const std::string table = format_sweep_table(report, SweepMetric::Probe);
    QCOMPARE(best_row(report, table), 1);
    const auto first_row = table.find(sweep.points[0].name);
    const auto first_end = table.find('\n', first_row);
    QVERIFY2(table.substr(first_row, first_end - first_row).find("(no quality.csv row)") !=
                 std::string::npos,
             table.c_str());
    const auto second_row = table.find('\n' + sweep.points[1].name);
    QVERIFY(table.substr(second_row, table.find('\n', second_row + 1) - second_row)
                .find("no quality") == std::string::npos);
  }

  // Older sweeps (no point measured quality): the final loss, and the reason says so.
  void noQualityAnywhereFallsBackToTheLoss() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "sweep";
    const SweepDefinition sweep = make_sweep(folder, {"gamma=0,1"});
    write_point(folder / sweep.points[0].name, sweep.points[0], 0.7, {});
    write_point(folder / sweep.points[1].name, sweep.points[1], 0.3, {});
    const SweepReport report = load_sweep_report(folder);
    QCOMPARE(default_sweep_metric(report), SweepMetric::FinalLoss);
    QVERIFY(default_metric_reason(report).find("final loss: no point has a quality.csv row") !=
            std::string::npos);
    QCOMPARE(best_row(report, format_sweep_table(report, SweepMetric::FinalLoss)), 1);
  }

  // Reconstruction-only rows (an unlabelled dataset): kNN and probe absent, so the held-out
  // NMSE ranks, lowest best.
  void reconstructionOnlyRanksByNmse() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "sweep";
    const SweepDefinition sweep = make_sweep(folder, {"gamma=0,1"});
    write_point(folder / sweep.points[0].name, sweep.points[0], 0.5, {reconstruction_only(0.42)});
    write_point(folder / sweep.points[1].name, sweep.points[1], 0.5, {reconstruction_only(0.37)});
    const SweepReport report = load_sweep_report(folder);
    const SweepMetric metric = default_sweep_metric(report);
    QCOMPARE(metric, SweepMetric::RecNmse);
    QVERIFY(lower_is_better(metric));
    const HeatMapGrid grid = heat_map_grid(report, metric);
    QCOMPARE(grid.best_x, 1);
    QVERIFY(!grid.percent);
  }

  void metricNames() {
    QCOMPARE(sweep_metric_from_string("probe"), std::optional(SweepMetric::Probe));
    QCOMPARE(sweep_metric_from_string("rec-nmse"), std::optional(SweepMetric::RecNmse));
    QCOMPARE(sweep_metric_from_string("final-loss"), std::optional(SweepMetric::FinalLoss));
    QVERIFY(!sweep_metric_from_string("auto"));  // needs the report: default_sweep_metric
    QVERIFY(!sweep_metric_from_string("accuracy"));
    QVERIFY(sweep_metric_names().rfind("auto, probe", 0) == 0);
  }
};

RCMAE_QTEST(TestSweepMetric)
#include "test_sweep_metric.moc"
