// The Runs tab: listing and sorting run folders, overlaying checked runs, following a run
// that grows on disk, plot data as CSV, the one-page PDF report, and Compare MAE vs RC-MAE
// through real `rcmae train` child processes.
#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "controls/control_panel.h"
#include "harness/qtest_registry.h"
#include "main_window.h"
#include "plots/plot_data_csv.h"
#include "rcmae/io/train_config_json.h"
#include "rcmae/session/snapshot_io.h"
#include "rcmae/session/training_session.h"
#include "report/run_report.h"
#include "run_folder_fixture.h"
#include "runs/compare_runner.h"
#include "runs/compare_strip.h"
#include "runs/run_actions.h"
#include "runs/run_overlay_plot.h"
#include "runs/run_reader.h"
#include "runs/runs_browser.h"
#include "runs/runs_model.h"
#include "settings_store.h"
#include "snapshot_fixture.h"
#include "views/reconstruction_view.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

using rcmae::testing::row_of;
using rcmae::testing::write_file;

// A run folder as `rcmae train` leaves it: loss falls linearly from `first` by `slope` a step.
void make_run(const QString& folder, const QString& mode, int steps, double first, double slope,
              const QVector<double>& knn = {}) {
  QVERIFY(QDir().mkpath(folder));
  write_file(
      folder + "/config.json",
      QString(
          R"({"mode":"%1","dataset":"synthetic","preset":"micro","steps":100,"batch":8,)"
          R"("mask_ratio":0.75,"seed":0,"model":{"img_size":16,"channels":1,"patch":4,)"
          R"("enc_dim":64,"enc_depth":2,"enc_heads":2,"dec_dim":32,"dec_depth":1,"dec_heads":2}})")
          .arg(mode)
          .toUtf8());
  QByteArray metrics = "step,images_seen,loss,loss_rec,loss_cons\n";
  for (int step = 1; step <= steps; ++step) {
    const double loss = first - slope * step;
    const double cons = mode == "mae" ? 0.0 : 0.01;
    metrics += QString("%1,%2,%3,%4,%5\n")
                   .arg(step)
                   .arg(8 * step)
                   .arg(loss + cons)
                   .arg(loss)
                   .arg(cons)
                   .toUtf8();
  }
  write_file(folder + "/metrics.csv", metrics);
  if (knn.isEmpty()) return;
  QByteArray rows = "step,student_knn,teacher_knn,student_collapse,teacher_collapse\n";
  for (int i = 0; i < knn.size(); ++i)
    rows += QString("%1,%2,%3,0.9,0.9\n")
                .arg(10 * (i + 1))
                .arg(knn[i])
                .arg(mode == "mae" ? "" : QString::number(knn[i]))
                .toUtf8();
  write_file(folder + "/knn.csv", rows);
}

// Four images whose pixels (and every reconstruction) step through eight greys.
ReconstructionSnapshot tiny_snapshot() {
  ReconstructionSnapshot s = rcmae::testing::grey_snapshot(30, 4, 8, 2, 0.0f, 0.0f);
  for (size_t i = 0; i < s.original.size(); ++i) s.original[i] = float(i % 8) / 8.0f;
  s.masked = s.student = s.teacher = s.pasted = s.original;
  s.mask = {1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 1};
  return s;
}

TrainConfig browser_run_config(int64_t steps) {
  TrainConfig config;
  config.preset = "micro";
  config.model.img_size = 16;
  config.model.channels = 1;
  config.model.patch = 4;
  config.model = *apply_preset("micro", config.model);
  config.dataset = "synthetic";
  config.batch = 8;
  config.steps = steps;
  config.warmup_steps = 1;
  config.threads = 1;
  config.knn_bank = 64;
  config.knn_queries = 32;
  config.quality_bank = 64;  // the end-of-run quality measurement stays quick
  config.quality_queries = 32;
  return config;
}

QString cell(const RunsBrowser& browser, const QString& name, int column) {
  return browser.table()->model()->index(row_of(browser, name), column).data().toString();
}

}  // namespace

class TestRunsBrowser : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void listsSortsAndOverlaysRuns() {
    QTemporaryDir root;
    make_run(root.filePath("a-mae"), "mae", 30, 2.0, 0.01, {0.40, 0.50});
    make_run(root.filePath("b-rcmae"), "rcmae", 50, 2.0, 0.02, {0.45, 0.62, 0.60});
    QVERIFY(QDir().mkpath(root.filePath("not-a-run")));
    // a-mae finished an hour ago; b-rcmae is still being written.
    QFile old_metrics(root.filePath("a-mae/metrics.csv"));
    QVERIFY(old_metrics.open(QIODevice::ReadWrite));
    QVERIFY(old_metrics.setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                                    QFileDevice::FileModificationTime));
    old_metrics.close();
    RunsBrowser browser;
    browser.addRoot(root.path());
    QCOMPARE(browser.rowCount(), 2);
    QCOMPARE(cell(browser, "a-mae", RunsModel::ModeColumn), QString("mae"));
    QCOMPARE(cell(browser, "a-mae", RunsModel::DatasetColumn), QString("synthetic"));
    QCOMPARE(cell(browser, "a-mae", RunsModel::StepsColumn), QString("30 / 100"));
    QCOMPARE(cell(browser, "b-rcmae", RunsModel::StepsColumn), QString("● 50 / 100"));
    // Final loss: mean of the last 10 % of the steps (3 of 30: 1.72, 1.71, 1.70).
    QCOMPARE(cell(browser, "a-mae", RunsModel::FinalLossColumn), QString("1.7100"));
    // No quality.csv: the kNN monitor's last row (knn.csv), without a pixel baseline.
    QCOMPARE(cell(browser, "b-rcmae", RunsModel::KnnColumn), QString("60.0 %"));
    QCOMPARE(cell(browser, "b-rcmae", RunsModel::RecNmseColumn), QString("–"));
    QCOMPARE(cell(browser, "b-rcmae", RunsModel::ProbeColumn), QString("–"));  // no probe.csv
    QVERIFY(browser.table()->isColumnHidden(RunsModel::LineageColumn));        // no fork listed

    // Sorted by number, not by text: "50 / 100" > "30 / 100", 1.0 loss < 1.71 loss.
    browser.table()->sortByColumn(RunsModel::FinalLossColumn, Qt::AscendingOrder);
    QCOMPARE(QDir(browser.rowFolder(0)).dirName(), QString("b-rcmae"));
    browser.table()->sortByColumn(RunsModel::StepsColumn, Qt::AscendingOrder);
    QCOMPARE(QDir(browser.rowFolder(0)).dirName(), QString("a-mae"));

    browser.setRunChecked(root.filePath("a-mae"), true);
    browser.setRunChecked(root.filePath("b-rcmae"), true);
    QCOMPARE(browser.checkedFolders().size(), 2);
    for (int p = 0; p < kRunPlotCount; ++p) QCOMPARE(browser.plot(RunPlot(p))->runCount(), 2);
    RunOverlayPlot* loss = browser.plot(RunPlot::ReconstructionLoss);
    const int a = browser.checkedFolders().indexOf(QDir(root.filePath("a-mae")).absolutePath());
    QCOMPARE(loss->pointCount(a), 30);
    QCOMPARE(loss->pointCount(1 - a), 50);
    // Each run its own colour, named in the legend.
    QCOMPARE(loss->legend->itemCount(), 2);
    QVERIFY(loss->graph(1)->pen().color() != loss->graph(3)->pen().color());
    // Accuracy: a kNN and a probe line per run (graphs 2a, 2a + 1); old runs have no probe curve.
    RunOverlayPlot* knn = browser.plot(RunPlot::Accuracy);
    QCOMPARE(knn->pointCount(a), 2);
    QCOMPARE(knn->pointCount(a, 1), 0);
    QCOMPARE(knn->graph(2 * a)->data()->at(1)->value, 50.0);  // percent
    QVERIFY(knn->baselineLabels().isEmpty());                 // no quality.csv, no pixel baseline

    // Images seen on the x axis: 8 images a step; kNN (measured at steps 10, 20) follows.
    browser.xAxisChoice()->setCurrentIndex(1);
    QCOMPARE(loss->xAxis->label(), QString("images seen"));
    QCOMPARE(loss->graph(2 * a + 1)->data()->at(2)->key, 24.0);
    QCOMPARE(knn->graph(2 * a)->data()->at(1)->key, 160.0);
    browser.xAxisChoice()->setCurrentIndex(0);
    QCOMPARE(knn->graph(2 * a)->data()->at(1)->key, 20.0);

    browser.setRunChecked(root.filePath("a-mae"), false);
    QCOMPARE(loss->runCount(), 1);
    QCOMPARE(loss->pointCount(0), 50);
    QVERIFY(!knn->item(0)->visible());  // "no data" note hidden: b-rcmae has kNN rows
  }

  // The table sorts through a proxy by the number behind each cell: by text, "100.0000" would
  // come before "9.0000" and "200 / 100" before "30 / 100". A run without a value sorts first.
  void sortsNumericColumnsByNumberThroughTheProxy() {
    QTemporaryDir root;
    make_run(root.filePath("loss-9"), "mae", 200, 9.0, 0.0);
    make_run(root.filePath("loss-10.5"), "mae", 30, 10.5, 0.0);
    make_run(root.filePath("loss-100"), "mae", 5, 100.0, 0.0);
    make_run(root.filePath("no-steps"), "mae", 0, 1.0, 0.0);
    RunsBrowser browser;
    browser.addRoot(root.path());
    QVERIFY(qobject_cast<QSortFilterProxyModel*>(browser.table()->model()));
    auto order = [&browser] {
      QStringList names;
      for (int row = 0; row < browser.rowCount(); ++row)
        names << QDir(browser.rowFolder(row)).dirName();
      return names;
    };
    browser.table()->sortByColumn(RunsModel::FinalLossColumn, Qt::AscendingOrder);
    QCOMPARE(order(), QStringList({"no-steps", "loss-9", "loss-10.5", "loss-100"}));
    QCOMPARE(cell(browser, "loss-100", RunsModel::FinalLossColumn), QString("100.0000"));
    browser.table()->sortByColumn(RunsModel::FinalLossColumn, Qt::DescendingOrder);
    QCOMPARE(order(), QStringList({"loss-100", "loss-10.5", "loss-9", "no-steps"}));
    browser.table()->sortByColumn(RunsModel::StepsColumn, Qt::AscendingOrder);
    QCOMPARE(order(), QStringList({"no-steps", "loss-100", "loss-10.5", "loss-9"}));
    // A run that grows moves to its new place by itself.
    QByteArray rows;
    for (int step = 6; step <= 300; ++step) rows += QString("%1,8,1,1,0\n").arg(step).toUtf8();
    write_file(root.filePath("loss-100/metrics.csv"), rows, true);
    browser.pollNow();
    QCOMPARE(order().last(), QString("loss-100"));
  }

  // A folder that appears under a root is listed at the next poll, unticked.
  void aNewRunFolderAppearsAfterAPoll() {
    QTemporaryDir root;
    make_run(root.filePath("first"), "mae", 10, 2.0, 0.01);
    RunsBrowser browser;
    browser.addRoot(root.path());
    QCOMPARE(browser.rowCount(), 1);
    make_run(root.filePath("second"), "rcmae", 20, 2.0, 0.01);
    QCOMPARE(browser.rowCount(), 1);
    browser.pollNow();
    QCOMPARE(browser.rowCount(), 2);
    QCOMPARE(cell(browser, "second", RunsModel::StepsColumn), QString("● 20 / 100"));
    QVERIFY(!browser.model()->isChecked(root.filePath("second")));
    QVERIFY(browser.reader(root.filePath("second")));
    browser.pollNow();  // listed once
    QCOMPARE(browser.rowCount(), 2);
  }

  // An arm of `rcmae fork` names its parent, the step, what it changed and its replicate.
  void lineageColumnNamesTheParentOfAForkArm() {
    QTemporaryDir root;
    const QString parent = root.filePath("runs/teach-100");
    auto make_arm = [&](const QString& name, const QString& fork) {
      make_run(root.filePath(name), "rcmae", 10, 2.0, 0.01);
      write_file(root.filePath(name + "/config.json"),
                 QString(R"({"mode":"rcmae","dataset":"synthetic","preset":"micro","steps":350,)"
                         R"("fork":%1})")
                     .arg(fork)
                     .toUtf8());
    };
    make_arm("m999-r2", QString(R"({"parent":"%1","parent_step":300,"arm":"m999",)"
                                R"("settings":{"momentum":"0.999"},"replicate":2,"replicates":3,)"
                                R"("seed":12345,"fork_dir":"%2"})")
                            .arg(parent, root.filePath("fork")));
    make_arm("control", QString(R"({"parent":"%1","parent_step":300,"arm":"control",)"
                                R"("settings":{},"replicate":1,"replicates":1})")
                            .arg(parent));
    make_run(root.filePath("plain"), "rcmae", 10, 2.0, 0.01);
    RunsBrowser browser;
    browser.addRoot(root.path());
    QCOMPARE(cell(browser, "m999-r2", RunsModel::LineageColumn),
             QString("teach-100 @ 300 · m999 (momentum 0.999) · r2/3"));
    QCOMPARE(cell(browser, "control", RunsModel::LineageColumn),
             QString("teach-100 @ 300 · control"));
    QCOMPARE(cell(browser, "plain", RunsModel::LineageColumn), QString());
    QVERIFY(!browser.table()->isColumnHidden(RunsModel::LineageColumn));
    const QString tip = browser.table()
                            ->model()
                            ->index(row_of(browser, "m999-r2"), RunsModel::LineageColumn)
                            .data(Qt::ToolTipRole)
                            .toString();
    QVERIFY2(tip.contains(QDir::toNativeSeparators(parent)), qPrintable(tip));
    QCOMPARE(browser.table()->model()->headerData(RunsModel::LineageColumn, Qt::Horizontal),
             QVariant("Fork of"));
  }

  // finetune.csv's best top-1 of the run's own encoder (teacher; student in MAE mode), else
  // the best other start named; the column shows only when a listed run was fine-tuned.
  void finetuneColumnShowsTheBestTop1() {
    QTemporaryDir root;
    make_run(root.filePath("tuned"), "rcmae", 10, 2.0, 0.01);
    make_run(root.filePath("scratch-only"), "mae", 10, 2.0, 0.01);
    make_run(root.filePath("never"), "rcmae", 10, 2.0, 0.01);
    const QByteArray header = "init,source,top1\n";
    write_file(root.filePath("tuned/finetune.csv"),
               header + "teacher,a,0.861\nstudent,a,0.874\nteacher,a,0.905\nscratch,,0.82\n");
    write_file(root.filePath("scratch-only/finetune.csv"),
               header + "scratch,,0.79\nscratch,,0.8\n");
    RunsBrowser browser;
    browser.addRoot(root.path());
    QCOMPARE(cell(browser, "tuned", RunsModel::FinetuneColumn), QString("90.5 %"));
    QCOMPARE(cell(browser, "scratch-only", RunsModel::FinetuneColumn), QString("80.0 % (scratch)"));
    QCOMPARE(cell(browser, "never", RunsModel::FinetuneColumn), QString("–"));
    const QString tip = browser.table()
                            ->model()
                            ->index(row_of(browser, "tuned"), RunsModel::FinetuneColumn)
                            .data(Qt::ToolTipRole)
                            .toString();
    QVERIFY2(tip.contains("scratch 82.0 %, student 87.4 %, teacher 90.5 %"), qPrintable(tip));
    QVERIFY(!browser.table()->isColumnHidden(RunsModel::FinetuneColumn));
    browser.table()->sortByColumn(RunsModel::FinetuneColumn, Qt::DescendingOrder);
    QCOMPARE(QDir(browser.rowFolder(0)).dirName(), QString("tuned"));

    QTemporaryDir plain;
    make_run(plain.filePath("never"), "rcmae", 10, 2.0, 0.01);
    RunsBrowser without;
    without.addRoot(plain.path());
    QVERIFY(without.table()->isColumnHidden(RunsModel::FinetuneColumn));
  }

  void followsARunThatIsStillBeingWritten() {
    QTemporaryDir root;
    RunsBrowser browser;
    browser.addRoot(root.path());
    QCOMPARE(browser.rowCount(), 0);
    // Another process starts a run: the folder appears, the file grows in pieces.
    const QString run = root.filePath("live");
    QVERIFY(QDir().mkpath(run));
    write_file(run + "/metrics.csv",
               "step,images_seen,loss,loss_rec,loss_cons\n1,8,2.5,2.4,0.1\n2,8,2.");
    QTRY_COMPARE_WITH_TIMEOUT(browser.rowCount(), 1, 8000);
    browser.watchRun(run);
    RunOverlayPlot* total = browser.plot(RunPlot::ReconstructionLoss);
    QCOMPARE(total->runCount(), 1);
    QVERIFY(browser.plot(RunPlot::Accuracy)->item(0)->visible());  // no knn.csv: said so
    QVERIFY(browser.plot(RunPlot::HeldOutReconstruction)->item(0)->visible());  // nor quality.csv
    QCOMPARE(total->pointCount(0), 1);
    write_file(run + "/metrics.csv", "3,2.3,0.1\n3,24,2.2,2.1,0.1\n", true);
    QTRY_COMPARE_WITH_TIMEOUT(total->pointCount(0), 3, 5000);
    QCOMPARE(browser.reader(run)->metrics().column("loss")[1], 2.3);
    QCOMPARE(cell(browser, "live", RunsModel::StepsColumn), QString("● 3"));

    // Snapshots the run spills to its folder appear beside the plots, newest first.
    auto* view = browser.findChild<ReconstructionView*>();
    QVERIFY(view && !view->hasSnapshot());
    QVERIFY(QDir().mkpath(run + "/snapshots"));
    ReconstructionSnapshot snapshot = tiny_snapshot();
    snapshot.step = 2;
    QVERIFY(session::save_snapshot(run + "/snapshots/step_00000002.snap", snapshot));
    QTRY_VERIFY_WITH_TIMEOUT(view->hasSnapshot(), 5000);
    snapshot.step = 3;
    QVERIFY(session::save_snapshot(run + "/snapshots/step_00000003.snap", snapshot));
    QTRY_COMPARE_WITH_TIMEOUT(browser.reader(run)->latestSnapshotFile(),
                              run + "/snapshots/step_00000003.snap", 5000);
    QTRY_COMPARE_WITH_TIMEOUT(browser.snapshotCaption(), QString("live · step 3"), 5000);
  }

  void plotDataIsSavedAsCsv() {
    QTemporaryDir root;
    make_run(root.filePath("a-mae"), "mae", 3, 2.0, 0.5, {0.40, 0.55});
    RunsBrowser browser;
    browser.addRoot(root.path());
    browser.setRunChecked(root.filePath("a-mae"), true);
    const QString path = root.filePath("knn.csv.out");
    QString error;
    QVERIFY2(save_plot_data_csv(browser.plot(RunPlot::Accuracy), path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()),
             QString("series,step,top-1 (%)\na-mae kNN,10,40\na-mae kNN,20,55\n"));
    // Smoothed plots keep the raw points apart from the smoothed line.
    const QStringList loss = plot_data_csv(browser.plot(RunPlot::ReconstructionLoss)).split('\n');
    QCOMPARE(loss[0], QString("series,step,L_rec"));
    QCOMPARE(loss[1], QString("a-mae (raw),1,1.5"));
    QCOMPARE(loss[3], QString("a-mae (raw),3,0.5"));
    QCOMPARE(loss[4], QString("a-mae,1,1.5"));  // a debiased EMA starts at the first value
  }

  void runReportIsAOnePagePdf() {
    QTemporaryDir root;
    const QString run = root.filePath("b-rcmae");
    make_run(run, "rcmae", 50, 2.0, 0.02, {0.45, 0.62});
    write_file(run + "/robustness.csv",
               "corruption,severity,student_knn,teacher_knn\n"
               "gaussian_noise,1,0.52,0.55\ngaussian_blur,3,0.31,0.35\n");
    QVERIFY(QDir().mkpath(run + "/snapshots"));
    QVERIFY(session::save_snapshot(run + "/snapshots/step_00000030.snap", tiny_snapshot()));
    const QString pdf = root.filePath("report.pdf");
    QString error;
    QVERIFY2(write_run_report(run, pdf, &error), qPrintable(error));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QVERIFY2(bytes.size() > 20 * 1024, qPrintable(QString::number(bytes.size())));
    QCOMPARE(
        bytes.count("/Type /Page\n") + bytes.count("/Type /Page>>") + bytes.count("/Type/Page\n"),
        1);

    QVERIFY(!write_run_report(root.filePath("nothing"), pdf, &error));
    QVERIFY(error.contains("not a run folder"));
  }

  void compareConfigsDifferOnlyInTheTeacher() {
    TrainConfig base;
    base.mode = TeacherMode::RcMaeD;
    base.steps = 200;
    base.seed = 7;
    const QVector<TrainConfig> configs = CompareRunner::comparisonConfigs(base);
    QCOMPARE(configs.size(), 2);
    QCOMPARE(configs[0].mode, TeacherMode::Mae);
    QCOMPARE(configs[1].mode, TeacherMode::RcMaeD);
    QCOMPARE(configs[0].knn_every, 40);  // turned on: five evaluations
    // What the children get (their --config files): equal but for the mode.
    nlohmann::json a = to_json(configs[0]), b = to_json(configs[1]);
    QVERIFY(a.at("mode") == "mae");
    QVERIFY(b.at("mode") == "rcmae-d");
    a.erase("mode");
    b.erase("mode");
    QCOMPARE(QString::fromStdString(a.dump()), QString::fromStdString(b.dump()));
    QVERIFY(a.at("seed") == 7);
  }

  // The real thing: two `rcmae train` processes (micro model, 4 steps each).
  void compareRunsMaeThenRcmaeAndOverlaysThem() {
    if (CompareRunner::defaultProgram().isEmpty())
      QSKIP("the rcmae program is not built next to the tests");
    const TrainConfig config = browser_run_config(4);
    QTemporaryDir root;
    RunsBrowser browser;
    QSignalSpy finished(browser.compareRunner(), &CompareRunner::finished);
    browser.startComparison(config, root.path());
    QVERIFY(browser.compareRunner()->isRunning());
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(browser.compareStrip()->text().startsWith("Done"));
    const QStringList folders = browser.compareRunner()->folders();
    QCOMPARE(folders.size(), 2);
    QVERIFY(folders[0].endsWith("-mae") && folders[1].endsWith("-rcmae"));
    QCOMPARE(browser.checkedFolders().size(), 2);
    for (const QString& folder : folders) {
      const RunReader* run = browser.reader(folder);
      QVERIFY(run);
      QCOMPARE(run->stepsDone(), 4);
      QCOMPARE(run->config().value("seed").toInt(), 0);
      QVERIFY(!std::isnan(run->bestKnn()));
    }
    QCOMPARE(browser.reader(folders[0])->mode(), QString("mae"));
    QCOMPARE(browser.reader(folders[1])->mode(), QString("rcmae"));
    // Same data and seed: the first step's reconstruction loss is the same in both runs
    // (the teacher only adds a consistency term).
    QCOMPARE(browser.reader(folders[0])->metrics().column("loss_rec")[0],
             browser.reader(folders[1])->metrics().column("loss_rec")[0]);
    QCOMPARE(browser.plot(RunPlot::ReconstructionLoss)->pointCount(1), 4);
  }

  // Renders the Runs tab with two overlaid runs and the report page, and checks neither is
  // blank. With RCMAE_SCREENSHOT_DIR set, the images are saved there to look at;
  // RCMAE_SCREENSHOT_RUNS adds a real runs folder to the picture.
  void runsTabAndReportRender() {
    QTemporaryDir root;
    make_run(root.filePath("demo-mae"), "mae", 300, 2.0, 0.003, {0.40, 0.50, 0.55});
    make_run(root.filePath("demo-rcmae"), "rcmae", 300, 2.0, 0.0035, {0.42, 0.55, 0.61});
    QVERIFY(QDir().mkpath(root.filePath("demo-rcmae/snapshots")));
    QVERIFY(session::save_snapshot(root.filePath("demo-rcmae/snapshots/step_00000030.snap"),
                                   tiny_snapshot()));
    write_file(root.filePath("demo-rcmae/robustness.csv"),
               "corruption,severity,student_knn,teacher_knn\ngaussian_noise,1,0.52,0.55\n"
               "gaussian_blur,3,0.31,0.35\njpeg,2,0.48,0.5\n");
    MainWindow window(nullptr);
    window.resize(1280, 800);
    window.runs()->addRoot(root.path());
    const QString extra = qEnvironmentVariable("RCMAE_SCREENSHOT_RUNS");
    if (!extra.isEmpty()) window.runs()->addRoot(extra);
    for (int row = 0; row < window.runs()->rowCount(); ++row)
      window.runs()->setRunChecked(window.runs()->rowFolder(row), true);
    window.runs()->setRunChecked(root.filePath("demo-rcmae"), true);  // current: has a snapshot
    window.show();
    window.showRunsTab();
    QTest::qWait(200);
    // The tab must not be what makes the window wider than a 1280 px screen allows.
    QVERIFY2(window.runs()->minimumSizeHint().width() <= 840,
             qPrintable(QString::number(window.runs()->minimumSizeHint().width())));
    const QImage shot = window.grab().toImage();
    const QImage report = run_report_image(root.filePath("demo-rcmae"));
    QCOMPARE(report.size(), QSize(793 * 2, 1123 * 2));  // A4 at 96 dpi, twice
    const QString dir = qEnvironmentVariable("RCMAE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
      shot.save(dir + "/runs-tab.png");
      report.save(dir + "/run-report.png");
    }
    for (const QImage& image : {shot, report}) {
      QHash<QRgb, int> counts;
      const QImage small = image.scaled(200, 200);
      for (int y = 0; y < small.height(); ++y)
        for (int x = 0; x < small.width(); ++x) ++counts[small.pixel(x, y)];
      int most = 0;
      for (int c : counts) most = std::max(most, c);
      QVERIFY2(1.0 - most / 40000.0 > 0.03, "the image looks blank");
    }
  }

  void compareReportsFailuresAndCancels() {
    if (CompareRunner::defaultProgram().isEmpty())
      QSKIP("the rcmae program is not built next to the tests");
    QTemporaryDir root;
    CompareRunner runner;
    QString error;
    runner.setProgram(root.filePath("no-such-program"));
    QVERIFY(!runner.start(browser_run_config(3), root.path(), &error));
    QVERIFY(error.contains("not found"));

    // A run that fails: its message comes back, and the RC-MAE run is never started.
    runner.setProgram(CompareRunner::defaultProgram());
    TrainConfig broken = browser_run_config(3);
    broken.dataset = "folder:" + root.filePath("missing-images").toStdString();
    QSignalSpy finished(&runner, &CompareRunner::finished);
    QSignalSpy started(&runner, &CompareRunner::runStarted);
    QVERIFY(runner.start(broken, root.path(), &error));
    QVERIFY(finished.wait(60000));
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY2(finished.at(0).at(1).toString().startsWith("mae run failed"),
             qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(started.size(), 1);
    QVERIFY(!runner.isRunning());

    // Cancel: the child is killed at once, the runner is free again.
    finished.clear();
    QVERIFY(runner.start(browser_run_config(100000), root.path(), &error));
    QSignalSpy progress(&runner, &CompareRunner::progress);
    QVERIFY(progress.wait(10000));
    runner.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(1).toString(), QString("cancelled"));
    QVERIFY(!runner.isRunning());
  }

  // The window's action: the control panel's settings, mode switched, into the runs folder.
  void compareActionUsesThePanelSettings() {
    if (CompareRunner::defaultProgram().isEmpty())
      QSKIP("the rcmae program is not built next to the tests");
    QTemporaryDir root;
    MainWindow window(nullptr);
    window.setRunsRoot(root.path());
    window.controls()->setConfig(browser_run_config(3));
    QSignalSpy finished(window.runs()->compareRunner(), &CompareRunner::finished);
    window.compareMaeVsRcmae();
    QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.runs()));
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    const QStringList folders = window.runs()->compareRunner()->folders();
    for (const QString& folder : folders) {
      QCOMPARE(QFileInfo(folder).absolutePath(), QDir(root.path()).absolutePath());
      const RunReader* run = window.runs()->reader(folder);
      QVERIFY(run);
      QCOMPARE(run->stepsDone(), 3);
      QCOMPARE(run->config().value("batch").toInt(), 8);
      QCOMPARE(run->config().value("model").toObject().value("img_size").toInt(), 16);
    }
    QStringList checked = window.runs()->checkedFolders();
    checked.sort();
    QCOMPARE(checked, folders);                                      // "-mae" sorts before "-rcmae"
    QCOMPARE(window.controls()->config().mode, TeacherMode::RcMae);  // the panel is left as it was
  }

  void openedFoldersAreRememberedAcrossRestarts() {
    QTemporaryDir dir;
    make_run(dir.filePath("sweep/p1"), "mae", 5, 2.0, 0.1);
    make_run(dir.filePath("elsewhere/live"), "rcmae", 5, 2.0, 0.1);
    SettingsStore settings(dir.filePath("settings.ini"));
    {
      MainWindow window(&settings);
      window.runs()->addRoot(dir.filePath("sweep"));
      window.runs()->watchRun(dir.filePath("elsewhere/live"));
      window.close();  // saves
    }
    MainWindow window(&settings);
    QVERIFY(window.runs()->roots().contains(QDir(dir.filePath("sweep")).absolutePath()));
    QVERIFY(window.runs()->reader(dir.filePath("sweep/p1")));
    QCOMPARE(window.runs()->checkedFolders(),
             QStringList({QDir(dir.filePath("elsewhere/live")).absolutePath()}));
    QCOMPARE(settings.runsRoots(),
             QStringList({QDir(dir.filePath("sweep")).absolutePath()}));  // not the default root
  }

  void windowHasTheRunsTabAndActions() {
    MainWindow window(nullptr);
    QVERIFY(window.runs());
    window.showRunsTab();
    QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.runs()));
    // Ctrl+Shift+S saves the window run's checkpoint; no other action of the window has it.
    QList<QAction*> save_checkpoint;
    for (QAction* action : window.findChildren<QAction*>())
      if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S))
        save_checkpoint << action;
    QCOMPARE(save_checkpoint.size(), 1);
    QCOMPARE(save_checkpoint.front()->text(), QString("Save checkpoint now"));
    QVERIFY(!save_checkpoint.front()->isEnabled());  // no run yet
  }

  // "Continue training" needs a checkpoint.ckpt and steps left in the budget.
  void continueNeedsACheckpointWithStepsLeft() {
    QTemporaryDir root;
    make_run(root.filePath("stopped"), "rcmae", 20, 1.0, 0.01);
    make_run(root.filePath("finished"), "rcmae", 100, 1.0, 0.005);
    RunsBrowser browser;
    browser.addRoot(root.path());
    const QString stopped = QDir(root.filePath("stopped")).absolutePath();
    const QString finished = QDir(root.filePath("finished")).absolutePath();
    QVERIFY(browser.actions()->continueBlocker(stopped).contains("checkpoint.ckpt"));
    QSignalSpy requested(&browser, &RunsBrowser::continueRequested);
    QSignalSpy messages(&browser, &RunsBrowser::message);
    browser.actions()->continueTraining(stopped);
    QCOMPARE(requested.size(), 0);
    QCOMPARE(messages.size(), 1);

    write_file(stopped + "/checkpoint.ckpt", "bytes");
    write_file(finished + "/checkpoint.ckpt", "bytes");
    QVERIFY(browser.actions()->continueBlocker(stopped).isEmpty());
    QVERIFY(browser.actions()->continueBlocker(finished).contains("budget"));
    browser.setRunChecked(stopped, true);  // makes it the current row
    browser.pollNow();
    QVERIFY(browser.continueButton()->isEnabled());
    browser.continueButton()->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).toString(), stopped);
    browser.setRunChecked(finished, true);
    browser.pollNow();
    QVERIFY(!browser.continueButton()->isEnabled());
  }

  // The Runs tab's request reaches the session; a damaged checkpoint is a banner, not a crash.
  void windowContinuesARunFromTheRunsTab() {
    QTemporaryDir root;
    make_run(root.filePath("damaged"), "rcmae", 20, 1.0, 0.01);
    write_file(root.filePath("damaged/checkpoint.ckpt"), "not a checkpoint");
    MainWindow window(nullptr);
    Q_EMIT window.runs()->continueRequested(root.filePath("damaged"));
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), session::SessionState::Failed, 60000);
    QVERIFY2(window.lastError().contains(root.filePath("damaged/checkpoint.ckpt")),
             qPrintable(window.lastError()));
  }
};

RCMAE_QTEST(TestRunsBrowser)
#include "test_runs_browser.moc"
