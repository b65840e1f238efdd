// The Teacher gradients and Linear lab tabs (offscreen): per-group gradient records cross
// from the training thread and reach the plots and the run folder; the lab recomputes on a
// slider change and its one-history points sit on the closed form; the trend-line fit.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "../micro_config.h"
#include "controls/control_panel.h"
#include "controls/labelled_slider.h"
#include "harness/qtest_registry.h"
#include "live_feed.h"
#include "main_window.h"
#include "modes/command_line.h"
#include "plots/group_heat_map.h"
#include "plots/line_fit.h"
#include "plots/time_series_plot.h"
#include "plots/trend_scatter_plot.h"
#include "rcmae/session/training_session.h"
#include "views/gradients_tab.h"
#include "views/linear_lab_tab.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

TrainConfig gradient_run_config() {
  TrainConfig c = rcmae::testing::micro_window_config();
  c.grad_sim_every = 1;
  return c;
}

QVector<GradSimilarityRecord> gradients_of(const QSignalSpy& spy) {
  QVector<GradSimilarityRecord> all;
  for (const auto& args : spy) all += args.at(0).value<QVector<GradSimilarityRecord>>();
  return all;
}

const QStringList kMicroGroups = {"patch_embed",  "block_0", "block_1",
                                  "encoder_norm", "decoder", "head"};

}  // namespace

class TestTeacherGradients : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void sessionSendsPerGroupRecordsAndWritesThem() {
    QTemporaryDir runs;
    session::TrainingSession session;
    QSignalSpy gradients(&session, &session::TrainingSession::gradSimilarity);
    QSignalSpy started(&session, &session::TrainingSession::runStarted);
    session::SessionOptions options;
    options.runs_root = runs.path();
    session.start(gradient_run_config(), options);
    QTRY_VERIFY_WITH_TIMEOUT(gradients_of(gradients).size() >= 3, 120000);
    session.stop();
    const auto all = gradients_of(gradients);
    for (const GradSimilarityRecord& record : all) {
      QStringList names;
      for (const auto& g : record.groups) names << QString::fromStdString(g.group);
      names.sort();
      QStringList expected = kMicroGroups;
      expected.sort();
      QCOMPARE(names, expected);  // one entry per module group of the micro model
    }
    QCOMPARE(all[1].step, all[0].step + 1);  // measured every step, none lost
    QVERIFY(std::isfinite(all[1].cos_c_r_prev));
    QVERIFY(std::isfinite(all[1].groups[0].cos_c_r));

    QCOMPARE(started.size(), 1);
    const QString run_dir = started.first().at(0).value<session::RunInfo>().run_dir;
    QFile csv(run_dir + "/grad_groups.csv");
    QVERIFY2(csv.open(QIODevice::ReadOnly), qPrintable(csv.fileName()));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QVERIFY(lines.first().startsWith("step,group,cos_c_r"));
    QVERIFY(lines.size() >= 1 + 3 * kMicroGroups.size());
  }

  void gradientsTabPlotsTheMeasurements() {
    MainWindow window(nullptr);
    window.resize(1280, 800);
    window.controls()->setConfig(gradient_run_config());
    window.show();
    window.showTab(MainWindow::GradientsTabIndex);
    window.startTraining();
    const MetricHistory& history = window.feed()->history();
    QTRY_VERIFY_WITH_TIMEOUT(history.gradients().size() >= 4, 120000);
    window.session()->stop();
    GradientsTab* tab = window.gradients();
    tab->refresh();
    QVERIFY(tab->cosinePlot()->pointCount(0) >= 4);  // cos(g_c(t), g_r(t))
    QVERIFY(tab->cosinePlot()->pointCount(1) >= 3);  // cos(g_c(t), g_r(t-k)): none at the first
    QVERIFY(tab->ratioPlot()->pointCount(0) >= 4);
    QVERIFY(tab->scatter()->points().size() >= 3);
    QVERIFY(tab->scatter()->fit().has_value());
    QCOMPARE(tab->heatMap()->groups(), kMicroGroups);
    QCOMPARE(tab->heatMap()->columnCount(), int(history.gradients().size()));
    const auto& last = history.gradients().back();
    for (const auto& g : last.groups) {  // drawn in network order, whatever order they came in
      const int row = int(tab->heatMap()->groups().indexOf(QString::fromStdString(g.group)));
      QCOMPARE(tab->heatMap()->cell(tab->heatMap()->columnCount() - 1, row), g.cos_c_r_prev);
    }
  }

  void labRecomputesOnSliderChangeAndMatchesClosedForm() {
    LinearLabTab tab;
    tab.resize(1200, 800);
    tab.show();
    QSignalSpy recomputed(&tab, &LinearLabTab::recomputed);
    const int before = tab.recomputeCount();
    tab.slider("correlation")->setValue(0.5);
    QVERIFY(recomputed.wait(2000));
    QCOMPARE(tab.recomputeCount(), before + 1);  // debounced: one recompute per change
    QCOMPARE(tab.config().correlation, 0.5);

    QCPGraph* points = tab.oneHistoryGraph();
    QCOMPARE(points->dataCount(), int(tab.result().one_history.size()));
    QVERIFY(points->dataCount() > 0);
    for (auto it = points->data()->constBegin(); it != points->data()->constEnd(); ++it)
      QVERIFY2(std::abs(it->value + std::abs(it->key)) < 1e-6,
               qPrintable(QString("(%1, %2) is off y = -|x|").arg(it->key).arg(it->value)));

    // Deterministic by seed: the same sliders give the same numbers.
    const double loss = tab.result().loss_teacher.back();
    tab.slider("seed")->setValue(7);
    QVERIFY(recomputed.wait(2000));
    QVERIFY(tab.result().loss_teacher.back() != loss);
    tab.slider("seed")->setValue(0);
    QVERIFY(recomputed.wait(2000));
    QCOMPARE(tab.result().loss_teacher.back(), loss);
  }

  void lineFitRecoversSlope() {
    const auto fit = fit_line({{0, 1}, {1, 3}, {2, 5}, {-1.5, -2}});
    QVERIFY(fit.has_value());
    QVERIFY(std::abs(fit->slope - 2.0) < 1e-12);
    QVERIFY(std::abs(fit->intercept - 1.0) < 1e-12);
    QVERIFY(std::abs(fit->r - 1.0) < 1e-12);
    QCOMPARE(fit->count, 4);
    QVERIFY(!fit_line({{1, 1}}).has_value());              // one point: no line
    QVERIFY(!fit_line({{1, 1}, {1, 2}}).has_value());      // equal x: no slope
    const auto flat = fit_line({{0, 0}, {1, 1}, {2, 0}});  // symmetric hump: slope 0
    QVERIFY(flat && std::abs(flat->slope) < 1e-12);
    const auto skips = fit_line({{0, 1}, {1, -1}, {std::nan(""), 5}});
    QVERIFY(skips && std::abs(skips->slope + 2.0) < 1e-12);

    TrendScatterPlot plot("t", "x", "y");
    plot.setPoints({{0.9, -0.2, 10}, {0.95, -0.4, 20}, {1.0, -0.6, 30}});
    QVERIFY(plot.fit() && std::abs(plot.fit()->slope + 4.0) < 1e-9);
    QVERIFY(plot.slopeText().contains("-4"));
  }

  void commandLineKnowsTheNewTabs() {
    auto parse = [](QStringList extra) {
      return parse_workbench_args(QStringList{"rcmae-workbench", "--screenshot", "x.png"} + extra);
    };
    QVERIFY(parse({"--tab", "gradients"}).error.isEmpty());
    QVERIFY(parse({"--tab", "lab"}).error.isEmpty());
    QVERIFY(!parse({"--tab", "nonsense"}).error.isEmpty());
    QCOMPARE(parse({}).config.grad_sim_every, 10);  // the GUI measures by default
    QCOMPARE(parse({"--grad-sim-every", "0"}).config.grad_sim_every, 0);
    QCOMPARE(parse({"--feature-pooling", "mean"}).config.feature_pooling, std::string("mean"));
  }
};

RCMAE_QTEST(TestTeacherGradients)
#include "test_teacher_gradients.moc"
