// The window end to end (offscreen): screenshot mode, live edits from the panel reaching
// the trainer and the plots, error banners, settings round trip, and small pure helpers.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "../micro_config.h"
#include "controls/control_panel.h"
#include "controls/momentum_control.h"
#include "harness/qtest_registry.h"
#include "live_feed.h"
#include "main_window.h"
#include "modes/benchmarks.h"
#include "modes/command_line.h"
#include "modes/screenshot_mode.h"
#include "plots/ema_smoother.h"
#include "plots/plot_export.h"
#include "plots/time_series_plot.h"
#include "rcmae/session/snapshot_io.h"
#include "rcmae/session/training_session.h"
#include "settings_store.h"
#include "views/attention_tab.h"
#include "views/curves_panel.h"
#include "views/workbench_tab.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

// Share of pixels that differ from the most common colour: 0 for a blank image.
double non_background_share(const QImage& image) {
  QHash<QRgb, int> counts;
  const QImage small = image.scaled(200, 125);
  for (int y = 0; y < small.height(); ++y)
    for (int x = 0; x < small.width(); ++x) ++counts[small.pixel(x, y)];
  int most = 0;
  for (int c : counts) most = std::max(most, c);
  return 1.0 - double(most) / (small.width() * small.height());
}

}  // namespace

class TestWorkbenchWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  // A 1280 x 720 projector: every tab fits beside the settings, with normal and with
  // presentation fonts (the window's minimum size is the largest tab's plus the panel's).
  void everyTabFits1280x720InBothModes() {
    for (bool presentation : {false, true}) {
      MainWindow window(nullptr);
      window.setPresentationMode(presentation);
      window.resize(1280, 720);
      window.show();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      const QSize minimum = window.minimumSizeHint();
      QVERIFY2(minimum.width() <= 1280 && minimum.height() <= 720,
               qPrintable(QString("presentation %1: minimum %2x%3")
                              .arg(presentation)
                              .arg(minimum.width())
                              .arg(minimum.height())));
      QCOMPARE(window.size(), QSize(1280, 720));
    }
  }

  void screenshotModeRendersTheWholeWindow() {
    const QStringList args = {"rcmae-workbench",
                              "--screenshot",
                              "x.png",
                              "--train-steps",
                              "12",
                              "--dataset",
                              "synthetic",
                              "--preset",
                              "micro",
                              "--img",
                              "16",
                              "--channels",
                              "1",
                              "--patch",
                              "4",
                              "--batch",
                              "8",
                              "--threads",
                              "1",
                              "--size",
                              "1280x720",
                              "--snapshot-every",
                              "4"};
    const WorkbenchOptions options = parse_workbench_args(args);
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    QCOMPARE(options.config.steps, int64_t(12));
    QString error;
    const QImage image = render_workbench(options, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(image.size(), QSize(1280, 720));
    QVERIFY2(non_background_share(image) > 0.05, "the screenshot looks blank");
    QTemporaryDir dir;
    QVERIFY(image.save(dir.filePath("shot.png")));
  }

  void liveChangeFromThePanelReachesTrainerAndPlots() {
    MainWindow window(nullptr);
    window.resize(1280, 720);
    window.controls()->setConfig(rcmae::testing::micro_window_config());
    window.show();
    window.startTraining();
    auto* session = window.session();
    QTRY_VERIFY_WITH_TIMEOUT(window.feed()->history().size() >= 3, 60000);
    QSignalSpy changes(session, &session::TrainingSession::parameterChanged);
    window.controls()->setMaskRatio(0.6);  // debounced, then sent as LiveChanges
    QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 30000);
    const auto event = changes.first().at(0).value<ParameterEvent>();
    QCOMPARE(event.new_value, 0.6);
    QTRY_VERIFY_WITH_TIMEOUT(window.feed()->history().last().step >= event.step, 30000);
    // The first record that used the new value is the step the event names.
    const auto& history = window.feed()->history();
    for (int i = 0; i < history.size(); ++i)
      QCOMPARE(history.at(i).mask_ratio, history.at(i).step >= event.step ? 0.6 : 0.75);
    QTRY_COMPARE_WITH_TIMEOUT(history.events().size(), 1, 5000);
    // Every time plot draws the marker (line + label).
    window.showTab(MainWindow::CurvesTabIndex);
    QTest::qWait(100);
    for (TimeSeriesPlot* plot : window.curves()->plots()) {
      plot->refresh();
      QVERIFY2(plot->itemCount() >= 2, qPrintable(plot->title()));
    }
    session->stop();
  }

  void plotExportWritesPngSvgPdf() {
    MainWindow window(nullptr);
    window.resize(1280, 720);
    window.show();
    window.showTab(MainWindow::CurvesTabIndex);
    QTest::qWait(50);
    QTemporaryDir dir;
    for (const QString suffix : {"png", "svg", "pdf"}) {
      const QString path = dir.filePath("loss." + suffix);
      QString error;
      QVERIFY2(save_plot(window.curves()->currentPlot(), path, &error), qPrintable(error));
      QVERIFY(QFileInfo(path).size() > 100);
    }
  }

  // The window reaches its tabs through one list: every tab of the tab widget is in it, at
  // its enum index and under its --tab name, and Ctrl+S on each tab writes a non-empty file:
  // the tab's own figure where it draws one, else the Curves tab's loss curve.
  void everyTabIsRegisteredAndSavesAFigure() {
    MainWindow window(nullptr);
    window.resize(1280, 720);
    window.show();
    const QList<MainWindow::TabEntry>& entries = window.tabEntries();
    QCOMPARE(entries.size(), window.tabs()->count());
    QCOMPARE(entries.size(), int(MainWindow::SweepsTabIndex) + 1);
    for (int i = 0; i < entries.size(); ++i) {
      const MainWindow::TabEntry& entry = entries.at(i);
      QCOMPARE(int(entry.id), i);
      QCOMPARE(entry.widget, window.tabs()->widget(i));
      QVERIFY2(entry.tab, qPrintable(entry.name));
      QCOMPARE(window.tabNamed(entry.name), entry.widget);
    }
    const QStringList own_figure = {"attention", "curves", "quality", "gradients", "lab"};
    QTemporaryDir dir;
    for (const MainWindow::TabEntry& entry : entries) {
      window.showTab(entry.id);
      QTest::qWait(20);
      WorkbenchTab* saved = window.figureTab();
      QCOMPARE(saved == entry.tab, own_figure.contains(entry.name));
      QWidget* figure = saved->currentFigure();
      QVERIFY2(figure, qPrintable(entry.name));
      const QString path = dir.filePath(entry.name + ".png");
      QString error;
      auto* plot = qobject_cast<QCustomPlot*>(figure);
      const bool written =
          plot ? save_plot(plot, path, &error) : window.attention()->saveFigure(path, &error);
      QVERIFY2(written, qPrintable(entry.name + ": " + error));
      QVERIFY2(QFileInfo(path).size() > 100, qPrintable(entry.name));
    }
  }

  void trainerErrorShowsABannerNotACrash() {
    MainWindow window(nullptr);
    TrainConfig config = rcmae::testing::micro_window_config();
    config.dataset = "folder:/nonexistent/rcmae-images";
    window.controls()->setConfig(config);
    window.show();
    window.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), 30000);
    QVERIFY(window.lastError().contains("nonexistent"));
    QCOMPARE(window.session()->state(), session::SessionState::Failed);
  }

  void settingsRoundTrip() {
    QTemporaryDir dir;
    const QString ini = dir.filePath("settings.ini");
    TrainConfig config = rcmae::testing::micro_window_config(777);
    config.mask_ratio = 0.6;
    config.momentum = 0.9995;
    config.mode = TeacherMode::RcMaeD;
    {
      SettingsStore store(ini);
      store.setTrainConfig(config);
      store.setTheme("dark");
      store.sync();
    }
    SettingsStore store(ini);
    const TrainConfig back = store.trainConfig();
    QCOMPARE(back.steps, int64_t(777));
    QCOMPARE(back.mask_ratio, 0.6);
    QCOMPARE(back.momentum, 0.9995);
    QCOMPARE(back.mode, TeacherMode::RcMaeD);
    QCOMPARE(back.model.img_size, 16);
    QCOMPARE(back.preset, std::string("micro"));
    QCOMPARE(store.theme(), QString("dark"));
  }

  void momentumSliderIsLogarithmicNearOne() {
    QCOMPARE(MomentumControl::sliderFromMomentum(0.9), 0);
    QCOMPARE(MomentumControl::sliderFromMomentum(0.99999), MomentumControl::kSteps);
    QVERIFY(std::abs(MomentumControl::momentumFromSlider(500) - (1 - std::pow(10, -3))) < 1e-9);
    for (double m : {0.99, 0.996, 0.9999})
      QVERIFY(std::abs(MomentumControl::momentumFromSlider(MomentumControl::sliderFromMomentum(m)) -
                       m) < (1 - m) * 0.02);
    MomentumControl control;
    QSignalSpy spy(&control, &MomentumControl::valueChanged);
    control.setValue(0.9995);
    QCOMPARE(control.value(), 0.9995);
    QCOMPARE(spy.size(), 1);
  }

  void smootherIsDebiased() {
    EmaSmoother smoother(0.9);
    QCOMPARE(smoother.add(5.0), 5.0);  // debiased: the first value is not pulled to 0
    for (int i = 0; i < 100; ++i) smoother.add(5.0);
    QVERIFY(std::abs(smoother.add(5.0) - 5.0) < 1e-9);
  }

  void snapshotFilesRoundTrip() {
    ReconstructionSnapshot s;
    s.step = 42;
    s.count = 1;
    s.channels = 1;
    s.size = 4;
    s.patch = 2;
    s.grid = 2;
    s.norm_pix = true;
    s.mask_ratio = 0.5;
    s.original.assign(16, 0.25f);
    s.masked = s.student = s.pasted = s.original;
    s.patch_error = {0.1f, 0.2f, 0.3f, 0.4f};
    s.mask = {1, 0, 1, 0};
    QTemporaryDir dir;
    const QString path = dir.filePath("s.snap");
    QVERIFY(session::save_snapshot(path, s));
    const auto back = session::load_snapshot(path);
    QVERIFY(back);
    QCOMPARE(back->step, int64_t(42));
    QCOMPARE(back->patch_error, s.patch_error);
    QCOMPARE(back->mask, s.mask);
    QVERIFY(back->teacher.empty());
  }

  void percentileInterpolates() {
    QCOMPARE(percentile({1, 2, 3, 4, 5}, 50), 3.0);
    QCOMPARE(percentile({0, 10}, 99), 9.9);
  }
};

RCMAE_QTEST(TestWorkbenchWindow)
#include "test_workbench_window.moc"
