// The Sweeps tab (offscreen) on a small sweep folder written here: the heat map shows each
// point's final loss in its cell (stopped-early points marked), the best cell is found,
// clicking a cell picks out that point's loss curve, curves are coloured by one parameter,
// parallel coordinates place each point on every axis, and the editor turns its fields
// into `rcmae sweep` arguments. With `rcmae` built beside the tests, the tab also runs a
// real micro sweep, and Stop leaves the point in progress resumable.
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "harness/qtest_registry.h"
#include "rcmae/run/run_files.h"
#include "rcmae/sweep/loss_curve.h"
#include "rcmae/sweep/point_status.h"
#include "rcmae/sweep/sweep_file.h"
#include "sweep/sweep_curves_plot.h"
#include "sweep/sweep_heat_map.h"
#include "sweep/sweep_parallel_plot.h"
#include "sweep/sweep_tab.h"

using namespace rcmae;
using namespace rcmae::ui;
namespace fs = std::filesystem;

namespace {

// RunFolder::quality_header() (run_folder.h includes torch, which ui tests do not see).
constexpr const char* kSweepQualityHeader =
    "step,train_s,eval_s,student_mse,student_psnr,student_nmse,teacher_mse,teacher_psnr,teacher_"
    "nmse,"
    "student_knn,teacher_knn,student_probe,teacher_probe,student_collapse,teacher_collapse,pixel_"
    "knn,"
    "pixel_probe";

// A run folder whose loss falls linearly to `final_loss` at its last step.
void write_point(const fs::path& folder, const SweepPoint& point, double final_loss, int steps,
                 PointState state) {
  fs::create_directories(folder);
  std::ofstream(folder / "config.json")
      << "{\"mode\":\"rcmae\",\"dataset\":\"synthetic\",\"preset\":\"micro\","
      << "\"mask_ratio\":" << point.value("mask-ratio")
      << ",\"momentum\":" << point.value("momentum") << "}\n";
  std::ofstream metrics(folder / "metrics.csv");
  metrics << "step,images_seen,loss,loss_rec,images_per_s\n";
  for (int s = 1; s <= steps; ++s)
    metrics << s << ',' << 8 * s << ',' << final_loss + 0.01 * (steps - s) << ",0.1,100\n";
  PointStatus status;
  status.state = state;
  status.steps_done = steps;
  status.smoothed_loss = final_loss;
  status.median_loss = 0.55;
  write_point_status(folder, status);
}

// 2 mask ratios x 2 momenta; final losses chosen so the best cell is (mask 0.5, mom 0.996).
fs::path write_sweep(const QTemporaryDir& dir) {
  const fs::path folder = fs::path(dir.path().toStdString()) / "sweep";
  SweepSpec spec;
  spec.axes.push_back(parse_sweep_axis("mask-ratio=0.5,0.75"));
  spec.axes.push_back(parse_sweep_axis("momentum=0.99,0.996"));
  TrainConfig base;
  base.steps = 10;
  const SweepDefinition sweep = make_sweep_definition(spec, base, MedianStopRule{});
  write_sweep_file(folder, sweep);
  const double final_losses[] = {0.5, 0.4, 0.7, 0.6};  // grid order: mask slow, momentum fast
  for (size_t i = 0; i < 4; ++i) {
    const bool stopped = i == 3;
    write_point(folder / sweep.points[i].name, sweep.points[i], final_losses[i], stopped ? 6 : 10,
                stopped ? PointState::StoppedEarly : PointState::Finished);
  }
  return folder;
}

}  // namespace

class TestSweepTab : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void heat_map_shows_each_point_in_its_cell() {
    QTemporaryDir dir;
    const fs::path folder = write_sweep(dir);
    SweepTab tab;
    QVERIFY(tab.openSweep(QString::fromStdString(folder.string())));
    const HeatMapGrid& grid = tab.heatMap()->grid();
    QCOMPARE(grid.x_axis, std::string("mask-ratio"));
    QCOMPARE(grid.y_axis, std::string("momentum"));
    QCOMPARE(tab.heatMap()->cellText(0, 0), QString("0.5000"));  // mask 0.5, mom 0.99
    QCOMPARE(tab.heatMap()->cellText(0, 1), QString("0.4000"));  // mask 0.5, mom 0.996
    QCOMPARE(tab.heatMap()->cellText(1, 0), QString("0.7000"));
    QCOMPARE(tab.heatMap()->cellText(1, 1), QString("0.6000*"));  // stopped early
    QCOMPARE(grid.best_x, 0);
    QCOMPARE(grid.best_y, 1);
    QCOMPARE(tab.heatMap()->pointAt(1, 0), QString("mask0.75_mom0.99"));
    QVERIFY(!tab.openSweep(QString::fromStdString((folder / "mask0.5_mom0.99").string())));
  }

  // Points that measured what they learned (quality.csv) are ranked by it by default: the
  // teacher's linear probe, higher is better, whatever their losses say.
  void heat_map_ranks_by_the_probe_when_points_measured_it() {
    QTemporaryDir dir;
    const fs::path folder = write_sweep(dir);
    const char* points[] = {"mask0.5_mom0.99", "mask0.5_mom0.996", "mask0.75_mom0.99",
                            "mask0.75_mom0.996"};
    const char* probes[] = {"0.61", "0.64", "0.72", "0.66"};
    for (int i = 0; i < 4; ++i)
      std::ofstream(folder / points[i] / run_files::kQuality)
          << kSweepQualityHeader << "\n10,1,2,0.02,17,0.5,0.02,17,0.45,0.5,0.6,0.55," << probes[i]
          << ",0.3,0.3,0.5,0.55\n";
    SweepTab tab;
    QVERIFY(tab.openSweep(QString::fromStdString(folder.string())));
    const HeatMapGrid& grid = tab.heatMap()->grid();
    QCOMPARE(grid.metric, std::string("linear-probe accuracy"));
    QVERIFY(!grid.lower_is_better);
    QCOMPARE(tab.heatMap()->cellText(1, 0), QString("72.0%"));  // mask 0.75, mom 0.99
    QCOMPARE(grid.best_x, 1);
    QCOMPARE(grid.best_y, 0);
    QCOMPARE(tab.parallelPlot()->axisNames().back(), QString("linear-probe accuracy"));
  }

  void curves_are_coloured_by_a_parameter_and_a_click_picks_one() {
    QTemporaryDir dir;
    const fs::path folder = write_sweep(dir);
    SweepTab tab;
    tab.resize(1200, 800);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QVERIFY(tab.openSweep(QString::fromStdString(folder.string())));
    SweepCurvesPlot* curves = tab.curves();
    QCOMPARE(curves->curveCount(), 4);
    QCOMPARE(curves->curveLength("mask0.5_mom0.99"), 10);
    QCOMPARE(curves->curveLength("mask0.75_mom0.996"), 6);
    // Coloured by momentum (the second axis): equal momentum, equal colour.
    QCOMPARE(curves->curveColour("mask0.5_mom0.99"), curves->curveColour("mask0.75_mom0.99"));
    QVERIFY(curves->curveColour("mask0.5_mom0.99") != curves->curveColour("mask0.5_mom0.996"));

    SweepHeatMap* map = tab.heatMap();
    map->replot();  // lays out the axes so coordinates map to pixels
    const QPoint cell(int(map->xAxis->coordToPixel(1)), int(map->yAxis->coordToPixel(0)));
    QCOMPARE(map->cellAtPixel(cell), QPoint(1, 0));
    QTest::mouseClick(map, Qt::LeftButton, Qt::NoModifier, cell);
    QCOMPARE(curves->highlighted(), QString("mask0.75_mom0.99"));
  }

  // rcmae sweep --repeats: the seeds of one setting become its mean with a 95 % band
  // (t(0.975, 2) = 4.302653 times the standard error), the seeds faint beneath.
  void seeds_of_a_setting_are_drawn_as_mean_and_band() {
    SweepCurvesPlot curves;
    QVector<SweepCurve> given;
    const double level[3] = {1.0, 1.2, 1.4};
    for (int seed = 0; seed < 3; ++seed)
      given.push_back({QString("mom0.9_seed%1").arg(seed),
                       "0.9",
                       {1, 2, 3},
                       {level[seed], level[seed], level[seed]}});
    given.push_back({"mom0.99_seed0", "0.99", {1, 2, 3}, {2, 2, 2}});
    curves.setCurves(given, "momentum");
    QCOMPARE(curves.bandNames(), QStringList({"mom0.9 (mean of 3, 95%)"}));
    const QCPGraph* mean = nullptr;
    const QCPGraph* upper = nullptr;
    for (int g = 0; g < curves.graphCount(); ++g) {
      if (curves.graph(g)->name() == "mom0.9 (mean of 3, 95%)") mean = curves.graph(g);
      if (curves.graph(g)->name() == "mom0.9 upper") upper = curves.graph(g);
    }
    QVERIFY(mean && upper);
    QCOMPARE(mean->dataCount(), 3);
    QVERIFY(std::abs(mean->data()->at(1)->value - 1.2) < 1e-12);
    const double half = 4.302653 * 0.2 / std::sqrt(3.0);  // sd of 1.0, 1.2, 1.4 is 0.2
    QVERIFY(std::abs(upper->data()->at(1)->value - 1.2 - half) < 1e-5);
    QVERIFY(curves.graph(0)->pen().color().alpha() < 100);  // a seed, faint
    QCOMPARE(curves.graph(3)->pen().color().alpha(), 255);  // a lone point, as before
  }

  void parallel_coordinates_place_points_on_every_axis() {
    QTemporaryDir dir;
    const fs::path folder = write_sweep(dir);
    SweepTab tab;
    QVERIFY(tab.openSweep(QString::fromStdString(folder.string())));
    SweepParallelPlot* plot = tab.parallelPlot();
    QCOMPARE(plot->lineCount(), 4);
    QCOMPARE(plot->axisNames(), (QStringList{"mask-ratio", "momentum", "final loss"}));
    // Parameter axes: the values evenly spaced, smallest at the bottom.
    QCOMPARE(plot->position("mask0.75_mom0.99", 0), 1.0);
    QCOMPARE(plot->position("mask0.75_mom0.99", 1), 0.0);
    // Metric axis: final losses 0.4 .. 0.7 scaled to 0 .. 1.
    QCOMPARE(plot->position("mask0.5_mom0.996", 2), 0.0);
    QCOMPARE(plot->position("mask0.75_mom0.99", 2), 1.0);
    QVERIFY(std::abs(plot->position("mask0.5_mom0.99", 2) - 1.0 / 3.0) < 1e-12);
  }

  // The real `rcmae` next to this test (both land in bin/): the tab runs a two-point micro
  // sweep and shows it.
  void runs_rcmae_sweep_and_shows_the_result() {
    if (SweepTab::cliProgram().isEmpty()) QSKIP("rcmae is not built next to the tests");
    QTemporaryDir dir;
    SweepTab tab;
    tab.axisEdit("mask-ratio")->setText("0.5,0.75");
    tab.axisEdit("momentum")->clear();
    tab.stepsEdit()->setValue(3);
    tab.optionsEdit()->setText(
        "--dataset synthetic --preset micro --img 16 --patch 4 --batch 8 --threads 1 --quiet");
    tab.folderEdit()->setText(dir.filePath("sweep"));
    QSignalSpy finished(&tab, &SweepTab::sweepFinished);
    tab.startSweep();
    QVERIFY(tab.isRunning());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().toInt(), 0);
    const HeatMapGrid& grid = tab.heatMap()->grid();
    QCOMPARE(grid.x_values, (std::vector<std::string>{"0.5", "0.75"}));
    QVERIFY(grid.y_axis.empty());
    QVERIFY(std::isfinite(grid.at(0, 0)) && std::isfinite(grid.at(1, 0)));
    QCOMPARE(tab.curves()->curveLength("mask0.75"), 3);
  }

  // Stop is Ctrl-C for the sweep: the point in progress keeps a checkpoint to resume from.
  void stop_leaves_a_resumable_point() {
    if (SweepTab::cliProgram().isEmpty()) QSKIP("rcmae is not built next to the tests");
    QTemporaryDir dir;
    SweepTab tab;
    tab.axisEdit("mask-ratio")->setText("0.5");
    tab.axisEdit("momentum")->clear();
    tab.stepsEdit()->setValue(100000);
    tab.optionsEdit()->setText(
        "--dataset synthetic --preset micro --img 16 --patch 4 --batch 8 --threads 1 --quiet");
    tab.folderEdit()->setText(dir.filePath("sweep"));
    QSignalSpy finished(&tab, &SweepTab::sweepFinished);
    tab.startSweep();
    const fs::path point = fs::path(dir.filePath("sweep").toStdString()) / "mask0.5";
    QTRY_VERIFY_WITH_TIMEOUT(read_loss_curve(point / "metrics.csv").size() >= 3, 60000);
    tab.stopSweep();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toInt(), 130);  // interrupted, resumable
    const PointStatus status = read_point_status(point);
    QCOMPARE(status.state, PointState::InProgress);
    QVERIFY(status.steps_done >= 3 && status.steps_done < 100000);
    QVERIFY(fs::exists(point / "checkpoint.ckpt"));
  }

  void editor_fields_become_sweep_arguments() {
    SweepTab tab;
    tab.axisEdit("mask-ratio")->setText("0.5, 0.9");
    tab.axisEdit("momentum")->clear();
    tab.axisEdit("gamma")->setText("0,1");
    tab.stepsEdit()->setValue(50);
    const QStringList args = tab.sweepArguments();
    QCOMPARE(args.first(), QString("sweep"));
    QVERIFY(args.contains("mask-ratio=0.5,0.9"));
    QVERIFY(args.contains("gamma=0,1"));
    QCOMPARE(args.count("--grid"), 2);  // momentum left empty: not swept
    QCOMPARE(args.at(args.indexOf("--steps") + 1), QString("50"));
    QVERIFY(args.contains("--out"));
    QVERIFY(args.contains("fashion-mnist"));
  }
};

RCMAE_QTEST(TestSweepTab)
#include "test_sweep_tab.moc"
