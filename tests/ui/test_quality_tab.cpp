// The Quality tab (offscreen): measurements reach it from TrainingSession::qualityMeasured
// through LiveFeed and MetricHistory; the plots draw student and teacher with their labelled
// reference lines (mean fill, target, raw-pixel kNN and probe), the table and the status bar
// show the latest numbers, and a new run starts it empty. Before the first kNN the accuracy
// plot's note fits its axes; a screenshot of the tab taken by the clock does not wait for a
// final measurement that never comes.
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "live_feed.h"
#include "main_window.h"
#include "modes/command_line.h"
#include "modes/screenshot_mode.h"
#include "plots/quality_plot.h"
#include "rcmae/session/training_session.h"
#include "status_bar_metrics.h"
#include "views/quality_tab.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

QualityRecord reconstruction_only(int64_t step, double student_nmse, double teacher_nmse) {
  QualityRecord r;
  r.step = step;
  r.train_s = step * 0.1;
  r.eval_s = 0.05;
  r.student_nmse = student_nmse;
  r.teacher_nmse = teacher_nmse;
  r.student_psnr = 15.0;
  r.teacher_psnr = 16.24;
  return r;
}

QualityRecord with_representation(int64_t step) {
  QualityRecord r = reconstruction_only(step, 0.6, 0.55);
  r.student_knn = 0.75;
  r.teacher_knn = 0.801;
  r.student_probe = 0.80;
  r.teacher_probe = 0.82;
  r.pixel_knn = 0.788;
  r.pixel_probe = 0.841;
  return r;
}

QLabel* label_containing(QWidget* parent, const QString& text) {
  for (QLabel* label : parent->findChildren<QLabel*>())
    if (label->text().contains(text)) return label;
  return nullptr;
}

}  // namespace

class TestQualityTab : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void plotsAndTableShowTheMeasurements() {
    MetricHistory history;
    QualityTab tab(&history);
    tab.resize(1100, 600);
    tab.show();
    QCOMPARE(tab.latestValue("nmse", "teacher"), QString("–"));

    history.appendQuality(reconstruction_only(0, 1.02, 1.01));
    history.appendQuality(reconstruction_only(50, 0.8, 0.7));
    tab.refresh();
    QualityPlot* nmse = tab.reconstructionPlot();
    QCOMPARE(nmse->pointCount(0), 2);  // teacher
    QCOMPARE(nmse->pointCount(1), 2);  // student
    QCOMPARE(nmse->referenceValues(), (QVector<double>{1.0, 0.5}));
    QVERIFY(nmse->referenceLabels().join(" ").contains("mean fill of visible pixels"));
    QVERIFY(nmse->referenceLabels().join(" ").contains("target"));
    QCOMPARE(nmse->yAxis->range().lower, 0.0);
    QVERIFY(nmse->yAxis->range().upper >= 1.02);
    QCOMPARE(tab.latestValue("nmse", "teacher"), QString("0.700"));
    QCOMPARE(tab.latestValue("psnr", "teacher"), QString("16.2 dB"));
    // No kNN yet: no points and no pixel lines on the accuracy plot.
    QCOMPARE(tab.accuracyPlot()->pointCount(0), 0);
    QVERIFY(tab.accuracyPlot()->referenceLabels().isEmpty());
    QCOMPARE(tab.latestValue("knn", "pixels"), QString("–"));

    history.appendQuality(with_representation(100));
    history.appendQuality(reconstruction_only(120, 0.5, 0.45));
    tab.refresh();
    QualityPlot* accuracy = tab.accuracyPlot();
    QCOMPARE(accuracy->pointCount(0), 1);
    const QStringList labels = accuracy->referenceLabels();
    QVERIFY2(labels.contains("raw pixels kNN 78.8 %"), qPrintable(labels.join("; ")));
    QVERIFY2(labels.contains("raw pixels probe 84.1 %"), qPrintable(labels.join("; ")));
    QCOMPARE(accuracy->referenceValues().size(), 2);
    QVERIFY(std::abs(accuracy->referenceValues()[0] - 78.8) < 1e-9);
    // The newest kNN row stays in the table after a reconstruction-only measurement.
    QCOMPARE(tab.latestValue("knn", "teacher"), QString("80.1 %"));
    QCOMPARE(tab.latestValue("knn", "pixels"), QString("78.8 %"));
    QCOMPARE(tab.latestValue("probe", "pixels"), QString("84.1 %"));
    QCOMPARE(tab.latestValue("nmse", "student"), QString("0.500"));
    // Accuracy axis holds the curves and the lines they are judged against.
    QVERIFY(accuracy->yAxis->range().lower <= 75.0 && accuracy->yAxis->range().upper >= 84.1);
    QVERIFY(accuracy->yAxis->range().upper <= 100.0);
  }

  void maeRunsShowStudentOnly() {
    MetricHistory history;
    QualityTab tab(&history);
    QualityRecord r = reconstruction_only(0, 0.9, NAN);
    r.teacher_psnr = NAN;
    history.appendQuality(r);
    tab.refresh();
    QCOMPARE(tab.reconstructionPlot()->pointCount(0), 0);
    QCOMPARE(tab.reconstructionPlot()->pointCount(1), 1);
    QCOMPARE(tab.latestValue("nmse", "teacher"), QString("–"));
    QCOMPARE(tab.latestValue("nmse", "student"), QString("0.900"));
  }

  // The window path: the session's signal, the live feed, the tab and the status bar.
  void sessionSignalReachesTabAndStatusBar() {
    MainWindow window(nullptr);
    window.resize(1280, 720);
    window.show();
    QCOMPARE(window.tabs()->tabText(MainWindow::QualityTabIndex), QString("Quality"));
    QCOMPARE(window.tabs()->widget(MainWindow::QualityTabIndex),
             static_cast<QWidget*>(window.quality()));
    Q_EMIT window.session()->qualityMeasured(reconstruction_only(10, 0.62, 0.4123));
    QCOMPARE(window.feed()->history().quality().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(window.quality()->latestValue("nmse", "teacher"), QString("0.412"),
                              5000);
    QTRY_VERIFY_WITH_TIMEOUT(label_containing(&window, "Held-out NMSE 0.412"), 5000);
    window.feed()->clear();
    window.quality()->rebuild();
    QCOMPARE(window.quality()->latestValue("nmse", "teacher"), QString("–"));
    QCOMPARE(window.quality()->reconstructionPlot()->pointCount(0), 0);
  }

  void screenshotModeKnowsTheQualityTab() {
    const WorkbenchOptions options = parse_workbench_args(
        {"rcmae-workbench", "--screenshot", "q.png", "--tab", "quality", "--teaching"});
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    QCOMPARE(options.tab, QString("quality"));
    QCOMPARE(options.config.recipe, std::string("teaching"));
    QCOMPARE(options.config.time_budget_s, 0.0);  // unattended: the steps, not a budget
  }

  // Before the first kNN the accuracy plot explains why it is empty: every line of that note
  // fits inside the axes (which clip it) at the window's default size and at a projector's
  // font on a narrow plot.
  void theEmptyNoteFitsInsideTheAxes() {
    MainWindow window(nullptr);
    window.resize(1440, 900);
    window.show();
    window.tabs()->setCurrentWidget(window.quality());
    QualityPlot* plot = window.quality()->accuracyPlot();
    QTRY_VERIFY_WITH_TIMEOUT(plot->axisRect()->width() > 100, 5000);
    plot->replot();
    expect_note_fits(*plot);

    MetricHistory history;
    QualityTab tab(&history);
    QFont projector = tab.font();
    projector.setPointSize(22);
    tab.setFont(projector);
    tab.resize(900, 600);
    tab.show();
    tab.accuracyPlot()->replot();
    QCOMPARE(tab.accuracyPlot()->emptyNoteFont().pointSize(), 22);
    expect_note_fits(*tab.accuracyPlot());
  }

  // --after-seconds with the Quality tab: the run is paused by the clock, long before its
  // step budget, so there is no final measurement to wait for; the picture is taken at once.
  void aScreenshotByTheClockOfTheQualityTabIsTaken() {
    const WorkbenchOptions options = parse_workbench_args(
        QString("rcmae-workbench --screenshot q.png --tab quality --after-seconds 2 "
                "--dataset synthetic --preset micro --img 16 --batch 8 --steps 100000 "
                "--quality-bank 200 --quality-queries 100 --threads 1")
            .split(' '));
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    QElapsedTimer clock;
    clock.start();
    QString error;
    const QImage image = render_workbench(options, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(image.size(), options.size);
    QVERIFY2(clock.elapsed() < 90 * 1000, qPrintable(QString::number(clock.elapsed())));
  }

 private:
  static void expect_note_fits(const QualityPlot& plot) {
    const QString note = plot.emptyNoteAsDrawn();
    QVERIFY(note.contains("kNN and probe"));
    QVERIFY(note.contains('\n'));  // wrapped, not one long line
    const QFontMetrics metrics(plot.emptyNoteFont());
    for (const QString& line : note.split('\n'))
      QVERIFY2(metrics.horizontalAdvance(line) <= plot.axisRect()->width(),
               qPrintable(QString("%1 px > %2 px: %3")
                              .arg(metrics.horizontalAdvance(line))
                              .arg(plot.axisRect()->width())
                              .arg(line)));
  }
};

RCMAE_QTEST(TestQualityTab)
#include "test_quality_tab.moc"
