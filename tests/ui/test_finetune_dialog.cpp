// The Fine-tune dialog (offscreen) on a micro run trained here: the teacher and the
// from-scratch baseline are fine-tuned in turn, the table shows their top-1 as percentages,
// finetune.csv gets one row each and the rows show again on reopening; an MAE run offers no
// teacher; a folder without a checkpoint shows the reason and starts nothing. With
// RCMAE_SCREENSHOT_DIR set, the dialog after small fine-tunes of the micro run is saved there
// as finetune.png (RCMAE_SCREENSHOT_RUN: that run folder's existing rows, without
// fine-tuning again unless RCMAE_SCREENSHOT_RECIPE names a recipe to run there first).
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "harness/qtest_registry.h"
#include "rcmae/eval/finetune_job.h"
#include "rcmae/run/csv_tail.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/stats/paired_difference.h"
#include "rcmae/stats/verdict.h"
#include "run_folder_fixture.h"
#include "runs/finetune_curve.h"
#include "runs/finetune_dialog.h"
#include "signed_number.h"
#include "theme.h"
#include "window_actions.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

using rcmae::testing::data_lines;
using rcmae::testing::write_file;

constexpr int kFinetuneTimeoutMs = 300000;  // a loaded 2-core machine; usually seconds

// Fine-tunes of seconds: `epochs` over 100 training images, scored on 100 test images.
void use_small_sizes(FinetuneDialog& dialog, int epochs) {
  dialog.epochsBox()->setValue(epochs);
  dialog.trainImagesBox()->setValue(100);
  dialog.testImagesBox()->setValue(100);
}

double percent_in(const QTableWidget& table, int row) {
  QString text = table.item(row, FinetuneDialog::Top1Column)->text();
  text.remove(" %");
  bool ok = false;
  const double value = text.toDouble(&ok);
  return ok ? value : -1;
}

}  // namespace

class TestFinetuneDialog : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString trained_;  // a run folder with a checkpoint of a 4-step micro RC-MAE run

  struct Row {
    const char* start;
    const char* top1;
    int seed;
  };
  // A copy of the micro run at `run` with hand-made finetune.csv rows, each on 1,000 test
  // images.
  bool copyWithRows(const QString& run, const std::vector<Row>& rows) const {
    if (!QDir().mkpath(run)) return false;
    for (const char* file : {"config.json", "checkpoint.ckpt"})
      if (!QFile::copy(trained_ + "/" + file, run + "/" + file)) return false;
    const QByteArray row_tail = ",fashion-mnist,4,5,10000,1000,128,0.001,0.75,395,90,1.0,";
    QByteArray csv = QByteArray(rcmae::kFinetuneCsvHeader) + "\n";
    for (const Row& row : rows)
      csv += QByteArray(row.start) + ",\"c\"" + row_tail + row.top1 + "," +
             QByteArray::number(row.seed) + ",mean\n";
    write_file(run + "/finetune.csv", csv);
    return true;
  }

 private Q_SLOTS:
  void initTestCase() {
    init_resources();
    apply_theme(*qApp, ThemeName::Light, 10);
    trained_ = dir_.filePath("micro");
    QVERIFY(rcmae::testing::train_micro_run(trained_));
  }

  void teacherAndScratchFillTheTableAndTheCsv() {
    FinetuneDialog dialog(trained_);
    QVERIFY(dialog.errorText().isEmpty());
    QCOMPARE(dialog.table()->rowCount(), 0);
    QVERIFY(dialog.teacherChoice()->isEnabled() && dialog.teacherChoice()->isChecked());
    QVERIFY(dialog.scratchChoice()->isChecked());
    use_small_sizes(dialog, 2);
    QSignalSpy ended(&dialog, &JobDialog::jobEnded);
    QVERIFY(dialog.start());
    QVERIFY(dialog.isRunning());
    QVERIFY(!dialog.start());  // one queue at a time
    QVERIFY2(dialog.progressText().startsWith("Teacher (1 of 2)"),
             qPrintable(dialog.progressText()));
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kFinetuneTimeoutMs);
    QVERIFY2(ended.first().at(0).toBool(), qPrintable(dialog.errorText()));

    const QTableWidget& table = *dialog.table();
    QCOMPARE(table.rowCount(), 2);
    QCOMPARE(table.item(0, FinetuneDialog::StartColumn)->text(), QString("Teacher"));
    QCOMPARE(table.item(1, FinetuneDialog::StartColumn)->text(), QString("From scratch"));
    for (int row = 0; row < 2; ++row) {
      const double percent = percent_in(table, row);
      QVERIFY2(percent >= 0 && percent <= 100, qPrintable(table.item(row, 1)->text()));
      // 100 images at batch 128: one step per epoch.
      QCOMPARE(table.item(row, FinetuneDialog::StepsColumn)->text(), QString("2"));
    }
    QCOMPARE(data_lines(dialog.csvFile()), 2);
    QVERIFY2(dialog.statusText().contains("finetune.csv"), qPrintable(dialog.statusText()));
    // The summary: the teacher's gain over scratch with its 95 % interval paired by test image
    // (finetune_items.csv keeps which of the 100 images each got right), and its verdict.
    const auto items = rcmae::run::read_paired_items(
        QFile::encodeName(dialog.runFolder()).toStdString() + "/finetune_items.csv");
    const auto* teacher = rcmae::run::find_metric(items, "teacher_finetune_top1");
    const auto* scratch = rcmae::run::find_metric(items, "scratch_finetune_top1");
    QVERIFY(teacher && scratch);
    QCOMPARE(teacher->numerator.size(), size_t(100));
    rcmae::run::CsvTail csv(QFile::encodeName(dialog.csvFile()).toStdString());
    csv.poll();
    double right = 0;
    for (double r : teacher->numerator) right += r;
    QCOMPARE(right / 100, csv.column("top1")[0]);  // the items are the row's top-1
    const auto d = rcmae::stats::paired_difference({{teacher->numerator, teacher->denominator}},
                                                   {{scratch->numerator, scratch->denominator}},
                                                   rcmae::stats::Direction::HigherIsBetter);
    auto points = [](double x) { return signed_number(100 * x, 2); };
    const QString expected = QString("Teacher %1 points (%2 to %3): %4")
                                 .arg(points(d.diff), points(d.ci_low), points(d.ci_high),
                                      QString::fromStdString(rcmae::stats::to_string(d.verdict)));
    QVERIFY2(dialog.summaryText().contains(expected),
             qPrintable(dialog.summaryText() + " lacks " + expected));
    QVERIFY(dialog.summaryText().contains("paired by test image"));
    QVERIFY(dialog.summaryText().contains("one fine-tune per start: no seed spread"));

    // The live figure: a top-1 and a loss point per epoch for each start, in queue order,
    // the last top-1 the one in the table (scored on all the test images).
    const FinetuneCurve& curve = *dialog.curve();
    QVERIFY(!curve.isHidden());
    QCOMPARE(curve.starts(), QStringList({"Teacher", "From scratch"}));
    for (int row = 0; row < 2; ++row) {
      const QString start = curve.starts()[row];
      const QVector<QPointF> top1_points = curve.top1Points(start);
      QCOMPARE(top1_points.size(), 2);
      QCOMPARE(top1_points[0].x(), 1.0);
      QCOMPARE(top1_points[1].x(), 2.0);
      QVERIFY(std::abs(top1_points[1].y() - percent_in(table, row)) <= 0.005 + 1e-9);
      const QVector<QPointF> loss_points = curve.lossPoints(start);
      QCOMPARE(loss_points.size(), 2);  // the running point is gone once an epoch ends
      QVERIFY(loss_points[1].y() > 0 && loss_points[1].y() < 5);
    }

    FinetuneDialog reopened(trained_);
    QCOMPARE(reopened.table()->rowCount(), 2);
    QCOMPARE(reopened.table()->item(1, FinetuneDialog::StartColumn)->text(),
             QString("From scratch"));
    QCOMPARE(percent_in(*reopened.table(), 0), percent_in(table, 0));
  }

  // Several fine-tunes of a start: the best is compared, and the summary says the interval
  // does not account for picking it. Hand-made rows: teacher 0.80 on 1,000 images, scratch
  // 0.70 and 0.75 on 1,000: +5.00 points, 1.96 * sqrt(0.8 * 0.2 + 0.75 * 0.25) / sqrt(1000) =
  // 3.65 points either side.
  void bestOfSeveralSaysSo() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    QVERIFY(copyWithRows(run,
                         {{"teacher", "0.80", 0}, {"scratch", "0.70", 0}, {"scratch", "0.75", 1}}));
    FinetuneDialog dialog(run);
    QCOMPARE(dialog.table()->rowCount(), 3);
    QVERIFY2(dialog.summaryText().contains("Teacher +5.00 points (+1.35 to +8.65): better"),
             qPrintable(dialog.summaryText()));
    QVERIFY(dialog.summaryText().contains("best of several"));
  }

  // Hand-made items: of 1,000 test images the teacher misses the first 200 and scratch the
  // first 300, so the teacher is 10.00 points above, on 100 images it alone got right: the
  // paired interval (about +8 to +12) is far from 0. A broken items file is no crash: the
  // summary falls back to the rows' unpaired interval.
  void summaryPairsTheImagesWhenItemsAreKept() {
    QTemporaryDir dir;
    const QString run = dir.filePath("run");
    QVERIFY(copyWithRows(run, {{"teacher", "0.80", 0}, {"scratch", "0.70", 0}}));
    auto misses = [](int wrong) {
      std::vector<double> right(1000, 1.0);
      std::fill(right.begin(), right.begin() + wrong, 0.0);
      return right;
    };
    const std::vector<double> ones(1000, 1.0);
    const auto items_file = QFile::encodeName(run).toStdString() + "/finetune_items.csv";
    rcmae::run::write_paired_items(items_file, {{"teacher_finetune_top1", misses(200), ones},
                                                {"scratch_finetune_top1", misses(300), ones}});
    {
      FinetuneDialog dialog(run);
      const QString summary = dialog.summaryText();
      QVERIFY2(summary.contains("Teacher +10.00 points ("), qPrintable(summary));
      QVERIFY2(summary.contains("): better"), qPrintable(summary));
      QVERIFY2(summary.contains("paired by test image"), qPrintable(summary));
    }
    write_file(run + "/finetune_items.csv", "not an items file\n");
    FinetuneDialog fallback(run);
    QVERIFY2(fallback.summaryText().contains("Best top-1 over from scratch"),
             qPrintable(fallback.summaryText()));
    QVERIFY(!fallback.summaryText().contains("paired by test image"));
  }

  // Before the first curve the figure still spans the dialog: an empty legend in the plot's
  // layout once capped it at the title's width (about half of a 1,000 px dialog).
  void theEmptyFigureUsesItsWidth() {
    FinetuneDialog dialog(trained_);
    dialog.resize(1000, 800);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    FinetuneCurve& curve = *dialog.curve();
    curve.replot();
    QVERIFY(curve.width() > 800);
    QVERIFY2(curve.axisRect()->outerRect().width() > 0.9 * curve.width(),
             qPrintable(QString("axes %1 px of %2")
                            .arg(curve.axisRect()->outerRect().width())
                            .arg(curve.width())));
  }

  // "Save each fine-tuned model for PyTorch": the fine-tune writes RUN/models/finetune-
  // scratch-TIME.pth and its .json (the format is tested against PyTorch by
  // cli_finetune_save_model), and the status names the file.
  void savedModelsLandInTheRunFolder() {
    FinetuneDialog dialog(trained_);
    dialog.teacherChoice()->setChecked(false);
    dialog.scratchChoice()->setChecked(true);
    QVERIFY(!dialog.saveModelChoice()->isChecked());  // off unless asked for
    dialog.saveModelChoice()->setChecked(true);
    use_small_sizes(dialog, 1);
    QSignalSpy ended(&dialog, &JobDialog::jobEnded);
    QVERIFY(dialog.start());
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, kFinetuneTimeoutMs);
    QVERIFY2(ended.first().at(0).toBool(), qPrintable(dialog.errorText()));
    const QStringList models =
        QDir(trained_ + "/models").entryList({"finetune-scratch-*.pth"}, QDir::Files);
    QCOMPARE(models.size(), 1);
    const QString model = QDir(trained_ + "/models").filePath(models.first());
    QVERIFY(QFileInfo(model).size() > 1000);
    QVERIFY(QFile::exists(model.chopped(4) + ".json"));
    QVERIFY2(dialog.statusText().contains("models for PyTorch: " + QDir::toNativeSeparators(model)),
             qPrintable(dialog.statusText()));
  }

  // The Recipe box and the size boxes agree both ways: a recipe fills the boxes, and boxes
  // that match no recipe (with the schedule of the recipe chosen last) read Custom.
  void recipeBoxAndSizesAgree() {
    FinetuneDialog dialog(trained_);
    QComboBox& recipe = *dialog.recipeBox();
    QCOMPARE(recipe.currentData().toString(), QString("quick"));
    QCOMPARE(dialog.epochsBox()->value(), 5);
    recipe.setCurrentIndex(recipe.findData("full"));
    QCOMPARE(dialog.epochsBox()->value(), 25);
    QCOMPARE(dialog.trainImagesBox()->value(), 60000);
    dialog.epochsBox()->setValue(6);
    QCOMPARE(recipe.currentData().toString(), QString());
    QVERIFY(recipe.currentText().startsWith("Custom"));
    dialog.epochsBox()->setValue(25);
    QCOMPARE(recipe.currentData().toString(), QString("full"));
    // Quick's sizes on Full's schedule (half the patches a step) are neither recipe.
    dialog.epochsBox()->setValue(5);
    dialog.trainImagesBox()->setValue(10000);
    QCOMPARE(recipe.currentData().toString(), QString());
    recipe.setCurrentIndex(recipe.findData("quick"));
    QCOMPARE(dialog.epochsBox()->value(), 5);
    QCOMPARE(recipe.currentData().toString(), QString("quick"));
    // Choosing Custom keeps what the boxes hold.
    recipe.setCurrentIndex(recipe.findData(""));
    QCOMPARE(dialog.epochsBox()->value(), 5);
  }

  void anMaeRunOffersNoTeacher() {
    const QString folder = dir_.filePath("mae");
    QVERIFY(QDir().mkpath(folder));
    QFile config(folder + "/config.json");
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(R"({"mode":"mae","dataset":"synthetic","preset":"micro"})");
    config.close();
    FinetuneDialog dialog(folder);
    QVERIFY(!dialog.teacherChoice()->isEnabled());
    QVERIFY(!dialog.teacherChoice()->isChecked());
    QVERIFY(dialog.studentChoice()->isChecked());
    // No checkpoint in this folder: said, and nothing starts.
    QVERIFY2(dialog.errorText().contains("checkpoint.ckpt"), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.start());
    QVERIFY(!dialog.isRunning());
  }

  void nothingTickedIsRefused() {
    FinetuneDialog dialog(trained_);
    dialog.teacherChoice()->setChecked(false);
    dialog.studentChoice()->setChecked(false);
    dialog.scratchChoice()->setChecked(false);
    QVERIFY(!dialog.start());
    QVERIFY2(dialog.errorText().contains("Tick"), qPrintable(dialog.errorText()));
  }

  void screenshot() {
    const QString out = qEnvironmentVariable("RCMAE_SCREENSHOT_DIR");
    if (out.isEmpty()) QSKIP("set RCMAE_SCREENSHOT_DIR to save the dialog as a PNG");
    const QString run = qEnvironmentVariable("RCMAE_SCREENSHOT_RUN", trained_);
    // RCMAE_SCREENSHOT_RECIPE=quick|full: that run is fine-tuned in the dialog first (its
    // default starts), so the figure has curves; minutes to an hour on 2 cores.
    const QString recipe = qEnvironmentVariable("RCMAE_SCREENSHOT_RECIPE");
    FinetuneDialog dialog(run);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    if (run == trained_ || !recipe.isEmpty()) {  // rows for the table and curves
      if (recipe.isEmpty())
        use_small_sizes(dialog, 2);
      else
        dialog.recipeBox()->setCurrentIndex(dialog.recipeBox()->findData(recipe));
      QSignalSpy ended(&dialog, &JobDialog::jobEnded);
      QVERIFY(dialog.start());
      // A named value: QTRY_*'s macro pastes the timeout unparenthesised into its own ?:, and
      // a conditional there became a 300 s polling step.
      const int timeout_ms = recipe.isEmpty() ? kFinetuneTimeoutMs : 2 * 3600 * 1000;
      QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, timeout_ms);
    }
    QTest::qWait(100);
    QVERIFY(dialog.grab().save(out + "/finetune.png"));
  }
};

RCMAE_QTEST(TestFinetuneDialog)
#include "test_finetune_dialog.moc"
