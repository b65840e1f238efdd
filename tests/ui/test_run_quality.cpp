// What the Runs tab and the run report make of quality.csv, the held-out measurements every
// run writes: the reader tails it (a torn last line waits), the table shows held-out NMSE,
// kNN and probe next to the raw-pixel baselines, the overlay plots draw them with the
// baselines as labelled lines, and the report gets its "What it learned" block. Hand-written
// run folders.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <memory>
#include <vector>

#include "harness/qtest_registry.h"
#include "plots/plot_data_csv.h"
#include "report/run_report.h"
#include "report/what_it_learned.h"
#include "run_folder_fixture.h"
#include "runs/replicate_group.h"
#include "runs/run_overlay_plot.h"
#include "runs/run_reader.h"
#include "runs/runs_browser.h"
#include "runs/runs_model.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

using rcmae::testing::row_of;
using rcmae::testing::write_file;

const QByteArray kRunQualityHeader =
    "step,train_s,eval_s,student_mse,student_psnr,student_nmse,teacher_mse,teacher_psnr,teacher_"
    "nmse,"
    "student_knn,teacher_knn,student_probe,teacher_probe,student_collapse,teacher_collapse,pixel_"
    "knn,"
    "pixel_probe\n";

// Reconstruction every row; kNN and probe at step 200 only (the expensive tier is rarer).
const QByteArray kRcmaeRows =
    "100,10.5,0.2,0.020,17.0,0.600,0.019,17.2,0.550,,,,,,,,\n"
    "200,21.0,3.1,0.015,18.0,0.500,0.014,18.5,0.450,0.600,0.652,0.620,0.700,0.3,0.2,0.640,0.712\n"
    "300,31.4,0.2,0.016,18.0,0.480,0.015,18.2,0.471,,,,,,,,\n";
// MAE: no teacher columns.
const QByteArray kMaeRows =
    "100,10,0.2,0.03,15.0,0.700,,,,,,,,,,,\n"
    "200,20,3,0.02,16.5,0.560,,,,0.610,,0.650,,0.3,,0.640,0.712\n"
    "300,30,3,0.02,16.9,0.530,,,,0.630,,0.690,,0.3,,0.640,0.712\n";

// config.json and 300 metrics.csv rows (8 images a step); quality.csv when rows are given.
void make_run(const QString& folder, const QString& mode, const QByteArray& quality_rows) {
  QVERIFY(QDir().mkpath(folder));
  write_file(
      folder + "/config.json",
      QString(R"({"mode":"%1","dataset":"fashion-mnist","preset":"tiny","steps":300,"batch":8,)"
              R"("mask_ratio":0.75,"quality":true,"model":{"img_size":28,"channels":1,"patch":4}})")
          .arg(mode)
          .toUtf8());
  QByteArray metrics = "step,images_seen,loss,loss_rec,loss_cons,wall_s\n";
  for (int step = 1; step <= 300; ++step)
    metrics += QString("%1,%2,%3,%4,0.01,%5\n")
                   .arg(step)
                   .arg(8 * step)
                   .arg(1.0 - 0.001 * step)
                   .arg(0.99 - 0.001 * step)
                   .arg(0.1 * step)
                   .toUtf8();
  write_file(folder + "/metrics.csv", metrics);
  if (!quality_rows.isEmpty())
    write_file(folder + "/quality.csv", kRunQualityHeader + quality_rows);
}

// The text and tooltip of run `name`'s cell, as the view shows them (through the sort proxy).
QString text(const RunsBrowser& browser, const QString& name, int column) {
  return browser.table()->model()->index(row_of(browser, name), column).data().toString();
}

QString tip(const RunsBrowser& browser, const QString& name, int column) {
  const QModelIndex index = browser.table()->model()->index(row_of(browser, name), column);
  return index.data(Qt::ToolTipRole).toString();
}

QVector<double> keys(const QCPGraph* graph) {
  QVector<double> out;
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) out << it->key;
  return out;
}

QVector<double> values(const QCPGraph* graph) {
  QVector<double> out;
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
    out << it->value;
  return out;
}

bool close(double a, double b) { return std::abs(a - b) < 1e-9; }

}  // namespace

class TestRunQuality : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  // Another process appends rows; half a row waits for its newline. Sparse columns: the
  // last kNN is the last row that measured one, not the last row.
  void readerTailsQualityCsv() {
    QTemporaryDir root;
    const QString run = root.filePath("live");
    make_run(run, "rcmae", {});
    RunReader reader(run);
    reader.poll();
    QVERIFY(!reader.hasQuality());
    QCOMPARE(reader.qualityStep(), qint64(-1));

    const QList<QByteArray> rows = kRcmaeRows.split('\n');
    write_file(run + "/quality.csv", kRunQualityHeader + rows[0] + "\n" + rows[1].left(40));
    QVERIFY(reader.poll());
    QCOMPARE(reader.quality().row_count(), int64_t(1));
    QCOMPARE(reader.qualitySeries("nmse"), QVector<double>({0.55}));  // the teacher's
    QVERIFY(std::isnan(reader.lastQuality("knn")));
    QVERIFY(std::isnan(reader.latestKnn()));

    write_file(run + "/quality.csv", rows[1].mid(40) + "\n" + rows[2] + "\n", true);
    QVERIFY(reader.poll());
    QCOMPARE(reader.quality().row_count(), int64_t(3));
    QCOMPARE(reader.qualitySeries("nmse"), QVector<double>({0.55, 0.45, 0.471}));
    QCOMPARE(reader.qualityStep(), qint64(300));
    QCOMPARE(reader.qualityTrainSeconds(), 31.4);
    QCOMPARE(reader.lastQuality("knn"), 0.652);
    QCOMPARE(reader.latestProbe(), 0.70);
    QCOMPARE(reader.lastQualityColumn("student_nmse"), 0.48);
    QCOMPARE(reader.lastQualityColumn("pixel_probe"), 0.712);

    const QString mae = root.filePath("mae");
    make_run(mae, "mae", kMaeRows);
    RunReader mae_reader(mae);
    mae_reader.poll();
    QCOMPARE(mae_reader.qualitySeries("nmse"), QVector<double>({0.70, 0.56, 0.53}));  // student
    QCOMPARE(mae_reader.latestKnn(), 0.63);

    // A run from before quality.csv: the kNN monitor's numbers.
    const QString old = root.filePath("old");
    make_run(old, "rcmae", {});
    write_file(
        old + "/knn.csv",
        "step,student_knn,teacher_knn,student_collapse,teacher_collapse\n10,0.4,0.45,0.3,0.3\n");
    write_file(old + "/probe.csv", "step,which,probe_acc\n10,teacher,0.5\n");
    RunReader old_reader(old);
    old_reader.poll();
    QCOMPARE(old_reader.latestKnn(), 0.45);
    QCOMPARE(old_reader.latestProbe(), 0.5);
    QVERIFY(std::isnan(old_reader.lastQuality("nmse")));
  }

  void tableShowsHeldOutNumbersAgainstPixels() {
    QTemporaryDir root;
    make_run(root.filePath("q-rcmae"), "rcmae", kRcmaeRows);
    make_run(root.filePath("q-mae"), "mae", kMaeRows);
    make_run(root.filePath("old"), "rcmae", {});
    write_file(
        root.filePath("old/knn.csv"),
        "step,student_knn,teacher_knn,student_collapse,teacher_collapse\n10,0.4,0.45,0.3,0.3\n");
    RunsBrowser browser;
    browser.addRoot(root.path());
    QCOMPARE(browser.rowCount(), 3);
    QCOMPARE(text(browser, "q-rcmae", RunsModel::RecNmseColumn), QString("0.471"));
    QCOMPARE(text(browser, "q-rcmae", RunsModel::KnnColumn), QString("65.2 % (px 64.0)"));
    QCOMPARE(text(browser, "q-rcmae", RunsModel::ProbeColumn), QString("70.0 % (px 71.2)"));
    QVERIFY2(tip(browser, "q-rcmae", RunsModel::KnnColumn)
                 .contains("teacher: 65.2 %, raw pixels 64.0 %: +1.2 points"),
             qPrintable(tip(browser, "q-rcmae", RunsModel::KnnColumn)));
    QCOMPARE(text(browser, "q-mae", RunsModel::RecNmseColumn), QString("0.530"));
    QCOMPARE(text(browser, "q-mae", RunsModel::ProbeColumn), QString("69.0 % (px 71.2)"));
    QVERIFY(tip(browser, "q-mae", RunsModel::ProbeColumn).contains("of the student"));
    QCOMPARE(text(browser, "old", RunsModel::RecNmseColumn), QString("–"));
    QCOMPARE(text(browser, "old", RunsModel::KnnColumn), QString("45.0 %"));
    QCOMPARE(text(browser, "old", RunsModel::ProbeColumn), QString("–"));

    // Sorted by the number: no value first, then the lower NMSE.
    browser.table()->sortByColumn(RunsModel::RecNmseColumn, Qt::AscendingOrder);
    QCOMPARE(QDir(browser.rowFolder(0)).dirName(), QString("old"));
    QCOMPARE(QDir(browser.rowFolder(1)).dirName(), QString("q-rcmae"));
    browser.table()->sortByColumn(RunsModel::ProbeColumn, Qt::DescendingOrder);
    QCOMPARE(QDir(browser.rowFolder(0)).dirName(), QString("q-rcmae"));

    // A new measurement arrives while the tab is open.
    write_file(root.filePath("q-mae/quality.csv"),
               "400,40,3,0.02,17.5,0.410,,,,0.700,,0.740,,0.3,,0.640,0.712\n", true);
    browser.pollNow();
    QCOMPARE(text(browser, "q-mae", RunsModel::RecNmseColumn), QString("0.410"));
    QCOMPARE(text(browser, "q-mae", RunsModel::KnnColumn), QString("70.0 % (px 64.0)"));
  }

  // A run measured at one step only: the x range is a few steps wide around it. Each
  // baseline still crosses the view and its label stays inside the plot (anchored to the
  // data's last step, the label ran off the plot's left edge and the line had no length).
  void baselinesOfARunMeasuredOnceStayInView() {
    QTemporaryDir root;
    make_run(
        root.filePath("once"), "rcmae",
        "400,5,3,0.015,18.0,0.500,0.014,18.5,0.450,0.600,0.652,0.620,0.700,0.3,0.2,0.815,0.788\n");
    RunsBrowser browser;
    browser.addRoot(root.path());
    browser.setRunChecked(root.filePath("once"), true);
    browser.resize(1280, 760);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    RunOverlayPlot* accuracy = browser.plot(RunPlot::Accuracy);
    accuracy->replot();
    QCOMPARE(accuracy->baselineLabels(),
             QStringList({"raw pixels kNN 81.5 %", "raw pixels probe 78.8 %"}));
    const QCPRange view = accuracy->xAxis->range();
    QVERIFY(view.lower < 400 && view.upper > 400);
    int labels = 0;
    for (int i = 0; i < accuracy->graphCount(); ++i) {
      const QCPGraph* graph = accuracy->graph(i);
      if (!graph->name().startsWith("raw pixels")) continue;
      QCOMPARE(keys(graph), QVector<double>({view.lower, view.upper}));
    }
    const QRect plot_area = accuracy->axisRect()->rect();
    for (int i = 0; i < accuracy->itemCount(); ++i) {
      const auto* label = qobject_cast<QCPItemText*>(accuracy->item(i));
      if (!label || !label->text().startsWith("raw pixels")) continue;
      ++labels;
      const QPointF left = label->topLeft->pixelPosition();
      const QPointF right = label->bottomRight->pixelPosition();
      QVERIFY2(left.x() >= plot_area.left() && right.x() <= plot_area.right() + 1,
               qPrintable(QString("%1: %2..%3 outside %4..%5")
                              .arg(label->text())
                              .arg(left.x())
                              .arg(right.x())
                              .arg(plot_area.left())
                              .arg(plot_area.right())));
    }
    QCOMPARE(labels, 2);
  }

  void overlayDrawsHeldOutNmseAndAccuracyWithPixelBaselines() {
    QTemporaryDir root;
    make_run(root.filePath("q-rcmae"), "rcmae", kRcmaeRows);
    make_run(root.filePath("q-mae"), "mae", kMaeRows);
    RunsBrowser browser;
    browser.addRoot(root.path());
    browser.setRunChecked(root.filePath("q-rcmae"), true);
    browser.setRunChecked(root.filePath("q-mae"), true);
    const int r = browser.checkedFolders().indexOf(QDir(root.filePath("q-rcmae")).absolutePath());
    QVERIFY(r >= 0);
    const int m = 1 - r;

    RunOverlayPlot* nmse = browser.plot(RunPlot::HeldOutReconstruction);
    QCOMPARE(nmse->runCount(), 2);
    QCOMPARE(values(nmse->graph(r)), QVector<double>({0.55, 0.45, 0.471}));
    QCOMPARE(keys(nmse->graph(m)), QVector<double>({100, 200, 300}));
    QVERIFY(!nmse->item(0)->visible());  // the "no data" note

    RunOverlayPlot* accuracy = browser.plot(RunPlot::Accuracy);
    QCOMPARE(accuracy->pointCount(r, 0), 1);  // kNN measured once: step 200
    QCOMPARE(accuracy->pointCount(m, 0), 2);
    QCOMPARE(accuracy->pointCount(m, 1), 2);
    QVERIFY(close(values(accuracy->graph(2 * r))[0], 65.2));
    QVERIFY(close(values(accuracy->graph(2 * m + 1))[1], 69.0));
    QCOMPARE(accuracy->graph(2 * m + 1)->pen().style(), Qt::DashLine);  // probe dashed
    // Both runs share one evaluation: each baseline is drawn once, labelled, across the steps.
    QCOMPARE(accuracy->baselineLabels(),
             QStringList({"raw pixels kNN 64.0 %", "raw pixels probe 71.2 %"}));
    QVERIFY(close(accuracy->baselineValues()[0], 64.0) &&
            close(accuracy->baselineValues()[1], 71.2));
    const QCPGraph* knn_baseline = accuracy->graph(4);
    QCOMPARE(knn_baseline->name(), QString("raw pixels kNN 64.0 %"));
    QCOMPARE(keys(knn_baseline), QVector<double>({200, 300}));
    // In the plot's CSV too, so an exported figure keeps its reference.
    QVERIFY(plot_data_csv(accuracy).contains("raw pixels probe 71.2 %,200,71.2"));

    // Images seen on the x axis: the measurements and the baseline move with it.
    browser.xAxisChoice()->setCurrentIndex(1);
    QCOMPARE(keys(nmse->graph(r)), QVector<double>({800, 1600, 2400}));
    QCOMPARE(keys(accuracy->graph(4)), QVector<double>({1600, 2400}));
    browser.xAxisChoice()->setCurrentIndex(0);

    // A run on another evaluation brings its own baselines.
    make_run(
        root.filePath("other"), "rcmae",
        "50,5,3,0.015,18.0,0.500,0.014,18.5,0.450,0.600,0.652,0.620,0.700,0.3,0.2,0.500,0.550\n");
    browser.watchRun(root.filePath("other"));  // listed and ticked
    QCOMPARE(accuracy->baselineLabels().size(), 4);
    QVERIFY(accuracy->baselineLabels().contains("raw pixels probe 55.0 %"));
    // Unticked runs take their baselines with them.
    browser.setRunChecked(root.filePath("other"), false);
    QCOMPARE(accuracy->baselineLabels().size(), 2);

    const QString dir = qEnvironmentVariable("RCMAE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
      browser.resize(1280, 760);
      browser.show();
      QVERIFY(QTest::qWaitForWindowExposed(&browser));
      QTest::qWait(200);
      browser.grab().save(dir + "/runs-tab-quality.png");
    }
  }

  void reportSaysWhatItLearned() {
    QTemporaryDir root;
    const QString run = root.filePath("q-rcmae");
    make_run(run, "rcmae", kRcmaeRows);
    RunReader reader(run);
    reader.poll();
    const auto rows = what_it_learned(reader);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[0], (QPair<QString, QString>{"measured at", "step 300  ·  31 s of training"}));
    QCOMPARE(rows[1],
             (QPair<QString, QString>{"held-out reconstruction",
                                      "NMSE 0.471 (teacher), student 0.480  ·  PSNR 18.2 dB"}));
    QCOMPARE(rows[2],
             (QPair<QString, QString>{"kNN accuracy (teacher)",
                                      "65.2 %  ·  raw pixels 64.0 %  ·  +1.2 points  (step 200)"}));
    QCOMPARE(rows[3],
             (QPair<QString, QString>{"linear probe (teacher)",
                                      "70.0 %  ·  raw pixels 71.2 %  ·  −1.2 points  (step 200)"}));

    const QString mae = root.filePath("q-mae");
    make_run(mae, "mae", kMaeRows);
    RunReader mae_reader(mae);
    mae_reader.poll();
    const auto mae_rows = what_it_learned(mae_reader);
    QCOMPARE(mae_rows[1].second, QString("NMSE 0.530 (student)  ·  PSNR 16.9 dB"));
    QCOMPARE(mae_rows[3].second,
             QString("69.0 %  ·  raw pixels 71.2 %  ·  −2.2 points"));  // this row

    const QString old = root.filePath("old");
    make_run(old, "rcmae", {});
    RunReader old_reader(old);
    old_reader.poll();
    QVERIFY(what_it_learned(old_reader).isEmpty());

    // The page: the block and the quality plots change it; the PDF is written.
    const QImage with_quality = run_report_image(run);
    const QImage without = run_report_image(old);
    QCOMPARE(with_quality.size(), without.size());
    QVERIFY(with_quality != without);
    QString error;
    const QString pdf = root.filePath("report.pdf");
    QVERIFY2(write_run_report(run, pdf, &error), qPrintable(error));
    QVERIFY(QFileInfo(pdf).size() > 5000);
    const QString dir = qEnvironmentVariable("RCMAE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) with_quality.save(dir + "/run-report-quality.png");
  }

  // Replicates of one setting (a fork's arm over three replicates) are drawn as their mean
  // with a 95 % band, t(0.975, 2) = 4.302653 times the standard error, runs faint beneath;
  // an ordinary run beside them keeps its own line. Sweep points differing only in their
  // seed are grouped the same way.
  void replicatesAreDrawnAsTheirMeanWithA95Band() {
    QTemporaryDir root;
    const double nmse[3][3] = {{0.60, 0.50, 0.45}, {0.62, 0.55, 0.47}, {0.64, 0.60, 0.49}};
    std::vector<std::unique_ptr<RunReader>> readers;
    for (int r = 0; r < 3; ++r) {
      const QString folder = root.filePath(QString("r%1/m999").arg(r + 1));
      QByteArray rows;
      for (int i = 0; i < 3; ++i)
        rows += QString("%1,1,0.2,0.01,18,0.5,0.01,18,%2,,,,,,,,\n")
                    .arg(100 * (i + 1))
                    .arg(nmse[r][i])
                    .toUtf8();
      make_run(folder, "rcmae", rows);
      write_file(folder + "/config.json",
                 QString(R"({"mode":"rcmae","steps":300,"fork":{"arm":"m999","replicate":%1,)"
                         R"("replicates":3,"fork_dir":"%2","parent_step":0}})")
                     .arg(r + 1)
                     .arg(root.path())
                     .toUtf8());
      readers.push_back(std::make_unique<RunReader>(folder));
    }
    make_run(root.filePath("plain"), "rcmae", kRcmaeRows);
    readers.push_back(std::make_unique<RunReader>(root.filePath("plain")));
    for (auto& reader : readers) reader->poll();

    RunOverlayPlot plot(
        "held-out", "rec_nmse",
        [](const RunReader& run, const QString&, QVector<double>& x, QVector<double>& y) {
          x = run.qualityColumn("step");
          y = run.qualitySeries("nmse");
        },
        false);
    plot.setRuns({{readers[0].get(), Qt::red},
                  {readers[1].get(), Qt::green},
                  {readers[2].get(), Qt::blue},
                  {readers[3].get(), Qt::black}});
    QCOMPARE(plot.bandNames(), QStringList({"m999 (mean of 3, 95%)"}));
    const ReplicateBand band = plot.band(0);
    QCOMPARE(band.runs, 3);
    QCOMPARE(band.x, std::vector<double>({100, 200, 300}));
    QVERIFY(std::abs(band.mean[1] - 0.55) < 1e-12);
    const double half = 4.302653 * 0.05 / std::sqrt(3.0);  // sd of 0.50, 0.55, 0.60 is 0.05
    QVERIFY2(std::abs(band.upper[1] - 0.55 - half) < 1e-5,
             qPrintable(QString::number(band.upper[1])));
    QVERIFY(std::abs(0.55 - band.lower[1] - half) < 1e-5);
    QVERIFY(band.lower[2] < 0.47 && band.upper[2] > 0.47);
    // The runs stay visible, faint; the ordinary run keeps its full colour.
    QVERIFY(plot.graph(0)->pen().color().alpha() < 100);
    QCOMPARE(plot.graph(3)->pen().color(), QColor(Qt::black));
    QVERIFY(plot.legend->visible());  // "plain" and the band: two entries

    // Sweep points mom0.9_seed0 and mom0.9_seed1 in a sweep folder replicate "mom0.9".
    QTemporaryDir sweep;
    write_file(sweep.filePath("sweep.json"), "{}");
    make_run(sweep.filePath("mom0.9_seed0"), "rcmae", kRcmaeRows);
    make_run(sweep.filePath("mom0.9_seed1"), "rcmae", kRcmaeRows);
    make_run(sweep.filePath("mom0.99_seed0"), "rcmae", kRcmaeRows);
    RunReader a(sweep.filePath("mom0.9_seed0")), b(sweep.filePath("mom0.9_seed1")),
        c(sweep.filePath("mom0.99_seed0"));
    for (RunReader* run : {&a, &b, &c}) run->poll();
    QCOMPARE(replicate_group(a).label, QString("mom0.9"));
    QCOMPARE(replicate_group(a).key, replicate_group(b).key);
    QVERIFY(replicate_group(a).key != replicate_group(c).key);
    QVERIFY(replicate_group(*readers[3]).key.isEmpty());  // an ordinary run
  }
};

RCMAE_QTEST(TestRunQuality)
#include "test_run_quality.moc"
