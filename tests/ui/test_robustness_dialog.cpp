// The Robustness dialog (offscreen) on a micro run trained here: the table fills with the
// clean row and 4 corruptions x 3 severities, accuracies are percentages, robustness.csv is
// saved and shown again on reopening (one the CLI wrote too); a folder without a checkpoint
// or with a corrupt one shows the reason and saves nothing; Stop and closing mid-evaluation
// end cleanly; the Runs tab opens the dialog from its shortcut; the missing-checkpoint text
// of both job dialogs states the window's save interval as its setting has it. With
// RCMAE_SCREENSHOT_DIR set, the finished dialog is saved there as robustness.png
// (RCMAE_SCREENSHOT_RUN: evaluate that run folder instead, with the default bank and test sizes).
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <memory>

#include "checkpoint_interval.h"
#include "harness/qtest_registry.h"
#include "rcmae/session/session_types.h"
#include "run_folder_fixture.h"
#include "runs/finetune_dialog.h"
#include "runs/robustness_csv.h"
#include "runs/robustness_dialog.h"
#include "runs/run_actions.h"
#include "runs/runs_browser.h"
#include "runs/runs_model.h"
#include "theme.h"
#include "window_actions.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

using rcmae::testing::data_lines;
using rcmae::testing::write_file;

constexpr int kEvaluationTimeoutMs = 300000;   // a loaded 2-core machine; usually seconds
constexpr int kScreenshotTimeoutMs = 1800000;  // a real run at the default sizes, with the probe

// The files the Runs tab needs to list a folder as a run.
void make_run_files(const QString& folder) {
  QVERIFY(QDir().mkpath(folder));
  write_file(folder + "/config.json", R"({"mode":"rcmae","dataset":"synthetic","preset":"micro"})");
  write_file(folder + "/metrics.csv", "step,images_seen,loss\n1,8,1.0\n");
}

// Few images per row keep each evaluation to a second or two.
void use_small_subsets(RobustnessDialog& dialog) {
  dialog.bankSizeBox()->setValue(100);
  dialog.querySizeBox()->setValue(50);
}

double cell_value(const QTableWidget& table, int row, int column) {
  bool ok = false;
  const double value = table.item(row, column)->text().toDouble(&ok);
  return ok ? value : std::nan("");
}

}  // namespace

class TestRobustnessDialog : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString trained_;  // a run folder with a checkpoint of a 4-step micro run

 private Q_SLOTS:
  void initTestCase() {
    init_resources();
    apply_theme(*qApp, ThemeName::Light, 10);  // the error label's look comes from the sheet
    trained_ = dir_.filePath("micro");
    QVERIFY(rcmae::testing::train_micro_run(trained_));
  }

  void evaluationFillsTheTableAndSavesTheCsv() {
    RobustnessDialog dialog(trained_);
    QVERIFY(dialog.errorText().isEmpty());
    QCOMPARE(dialog.table()->rowCount(), 0);
    use_small_subsets(dialog);
    dialog.probeChoice()->setChecked(true);
    QSignalSpy ended(&dialog, &JobDialog::jobEnded);
    QVERIFY(dialog.start());
    QVERIFY(dialog.isRunning());
    QVERIFY(!dialog.startButton()->isEnabled());
    QVERIFY2(dialog.progressText().startsWith("row 1 of 13"), qPrintable(dialog.progressText()));
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kEvaluationTimeoutMs);
    QVERIFY2(ended.first().at(0).toBool(),
             qPrintable(ended.first().at(1).toString() + dialog.errorText()));
    QVERIFY(!dialog.isRunning());
    QVERIFY(dialog.startButton()->isEnabled());

    const QTableWidget& table = *dialog.table();
    QCOMPARE(table.rowCount(), RobustnessDialog::kRowCount);
    QCOMPARE(table.item(0, RobustnessDialog::CorruptionColumn)->text(), QString("Clean"));
    QCOMPARE(table.item(12, RobustnessDialog::CorruptionColumn)->text(), QString("JPEG"));
    QCOMPARE(table.item(12, RobustnessDialog::SeverityColumn)->text(), QString("3"));
    QCOMPARE(table.item(12, RobustnessDialog::ParameterColumn)->text(), QString("quality 7"));
    for (int row = 0; row < table.rowCount(); ++row) {
      for (int column : {int(RobustnessDialog::KnnColumn), int(RobustnessDialog::ProbeColumn)}) {
        const double percent = cell_value(table, row, column);
        QVERIFY2(percent >= 0 && percent <= 100,
                 qPrintable(QString("row %1 column %2: %3")
                                .arg(row)
                                .arg(column)
                                .arg(table.item(row, column)->text())));
      }
    }
    QVERIFY2(dialog.summaryText().contains("12 corrupted rows") &&
                 dialog.summaryText().contains("probe"),
             qPrintable(dialog.summaryText()));
    QVERIFY2(dialog.progressText().startsWith("13 of 13 rows"), qPrintable(dialog.progressText()));

    QCOMPARE(data_lines(dialog.csvFile()), RobustnessDialog::kRowCount);
    const std::vector<RobustnessRow> saved = read_robustness_csv(dialog.csvFile());
    QCOMPARE(int(saved.size()), RobustnessDialog::kRowCount);
    QCOMPARE(saved[4].corruption, std::string("gaussian_blur"));
    QCOMPARE(saved[4].severity, 1);

    // Reopened, the dialog shows the saved table without evaluating again.
    RobustnessDialog reopened(trained_);
    QCOMPARE(reopened.table()->rowCount(), RobustnessDialog::kRowCount);
    QCOMPARE(reopened.table()->item(5, RobustnessDialog::KnnColumn)->text(),
             table.item(5, RobustnessDialog::KnnColumn)->text());
    QCOMPARE(reopened.summaryText(), dialog.summaryText());
    QVERIFY2(reopened.statusText().contains("From robustness.csv"),
             qPrintable(reopened.statusText()));
  }

  void runWithoutCheckpointShowsAnErrorAndSavesNothing() {
    const QString folder = dir_.filePath("no-checkpoint");
    make_run_files(folder);
    RobustnessDialog dialog(folder);
    QVERIFY2(dialog.errorText().contains("checkpoint.ckpt"), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.start());
    QVERIFY(!dialog.isRunning());
    QVERIFY(dialog.errorText().contains("checkpoint.ckpt"));
    QVERIFY(!QFile::exists(dialog.csvFile()));
  }

  // Both job dialogs explain a missing checkpoint with the interval the window really uses
  // (the text once said "every 5 minutes" of the window's 60 s).
  void checkpointIntervalTextMatchesTheSetting() {
    const double window_s = session::SessionOptions{}.checkpoint_every_s;
    QCOMPARE(window_checkpoint_every_s(), window_s);
    QCOMPARE(every_text(60), QString("every minute"));
    QCOMPARE(every_text(120), QString("every 2 minutes"));
    QCOMPARE(every_text(90), QString("every 90 s"));
    const QString folder = dir_.filePath("no-checkpoint-interval");
    make_run_files(folder);
    RobustnessDialog robustness(folder);
    FinetuneDialog finetune(folder);
    for (const QString& text : {robustness.errorText(), finetune.errorText()}) {
      QVERIFY2(text.contains("the window saves one " + every_text(window_s) + " of training"),
               qPrintable(text));
      QVERIFY2(!text.contains("5 minutes"), qPrintable(text));
    }
  }

  void corruptCheckpointShowsTheEngineErrorAndSavesNothing() {
    const QString folder = dir_.filePath("corrupt");
    make_run_files(folder);
    write_file(folder + "/checkpoint.ckpt", "not a torch archive");
    RobustnessDialog dialog(folder);
    use_small_subsets(dialog);
    QSignalSpy ended(&dialog, &JobDialog::jobEnded);
    QVERIFY(dialog.start());
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kEvaluationTimeoutMs);
    QVERIFY(!ended.first().at(0).toBool());
    QVERIFY2(
        dialog.errorText().startsWith("The evaluation failed:") && dialog.errorText().size() > 25,
        qPrintable(dialog.errorText()));
    QVERIFY2(!dialog.errorText().contains("Exception raised from"), qPrintable(dialog.errorText()));
    QVERIFY(dialog.startButton()->isEnabled());
    QVERIFY(!QFile::exists(dialog.csvFile()));
  }

  void stopEndsAfterTheCurrentRowAndSavesNothing() {
    const QString folder = dir_.filePath("stopped");
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(trained_ + "/checkpoint.ckpt", folder + "/checkpoint.ckpt"));
    RobustnessDialog dialog(folder);
    use_small_subsets(dialog);
    QSignalSpy ended(&dialog, &JobDialog::jobEnded);
    QVERIFY(dialog.start());
    dialog.stop();
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kEvaluationTimeoutMs);
    QCOMPARE(ended.first().at(1).toString(), QString("stopped"));
    QVERIFY(dialog.table()->rowCount() < RobustnessDialog::kRowCount);
    QVERIFY(!QFile::exists(dialog.csvFile()));
  }

  // Destroying a dialog mid-evaluation (its worker has just started) waits for at most one
  // row, and nothing the worker queued reaches the dead dialog.
  void destroyingARunningDialogIsSafe() {
    const QString folder = dir_.filePath("destroyed");
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(trained_ + "/checkpoint.ckpt", folder + "/checkpoint.ckpt"));
    auto dialog = std::make_unique<RobustnessDialog>(folder);
    use_small_subsets(*dialog);
    QVERIFY(dialog->start());
    QVERIFY(dialog->isRunning());
    dialog.reset();
    // The worker thread is joined: whatever it queued for the dead dialog is posted by now
    // and would be delivered here.
    QCoreApplication::sendPostedEvents();
    QVERIFY(!QFile::exists(folder + "/robustness.csv"));
  }

  void runsTabOpensTheDialogFromItsShortcut() {
    const QString root = dir_.filePath("root");
    make_run_files(root + "/listed");
    RunsBrowser browser;
    browser.addRoot(root);
    browser.show();
    browser.activateWindow();  // window-scoped shortcuts need the active window
    QVERIFY(QTest::qWaitForWindowActive(&browser));
    const QString folder = browser.rowFolder(0);
    browser.table()->setCurrentIndex(browser.table()->model()->index(0, RunsModel::NameColumn));
    browser.table()->setFocus();
    QVERIFY(!browser.actions()->robustnessDialog(folder));
    QTest::keyClick(browser.table(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    RobustnessDialog* dialog = browser.actions()->robustnessDialog(folder);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->errorText().contains("checkpoint.ckpt"));  // the listed run has none
    dialog->close();
    // Reopened, the same dialog shows what the folder holds now (here a CLI's table).
    write_file(folder + "/robustness.csv",
               "corruption,severity,knn_acc,probe_acc,parameter\n"
               "clean,0,0.5,,\ncontrast,3,0.25,,0.05\n");
    browser.actions()->openRobustness(folder);
    QCOMPARE(browser.actions()->robustnessDialog(folder), dialog);  // one dialog per run, reused
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->table()->rowCount(), 2);
    QCOMPARE(dialog->table()->item(1, RobustnessDialog::ParameterColumn)->text(),
             QString("× 0.05"));
    QCOMPARE(dialog->table()->item(1, RobustnessDialog::ProbeColumn)->text(), QString("–"));
    QVERIFY2(
        dialog->summaryText().contains("kNN 25.0 %") && !dialog->summaryText().contains("probe"),
        qPrintable(dialog->summaryText()));
  }

  void screenshot() {
    const QString out = qEnvironmentVariable("RCMAE_SCREENSHOT_DIR");
    if (out.isEmpty()) QSKIP("set RCMAE_SCREENSHOT_DIR to save the dialog as a PNG");
    const QString run = qEnvironmentVariable("RCMAE_SCREENSHOT_RUN", trained_);
    RobustnessDialog dialog(run);
    if (run == trained_) use_small_subsets(dialog);
    dialog.probeChoice()->setChecked(true);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy ended(&dialog, &JobDialog::jobEnded);
    QVERIFY(dialog.start());
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kScreenshotTimeoutMs);
    QVERIFY2(ended.first().at(0).toBool(), qPrintable(dialog.errorText()));
    QTest::qWait(100);
    QVERIFY(dialog.grab().save(out + "/robustness.png"));
  }
};

RCMAE_QTEST(TestRobustnessDialog)
#include "test_robustness_dialog.moc"
