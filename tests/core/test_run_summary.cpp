// summarize_run and format_comparison (`rcmae compare`) on run folders written by hand:
// quality.csv's last and best values, sparse kNN / probe rows, MAE runs without teacher
// columns, a torn last line, and old runs that have no quality.csv at all.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/qtest_registry.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/run/run_files.h"
#include "rcmae/run/run_summary.h"

namespace fs = std::filesystem;
using rcmae::RunSummary;

namespace {

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// config.json and four metrics.csv rows: loss_rec 0.40 .. 0.37, 100 images/s.
fs::path make_run(const fs::path& folder, const std::string& mode) {
  fs::create_directories(folder);
  write(folder / rcmae::run_files::kConfig,
        R"({"mode":")" + mode +
            R"(","dataset":"fashion-mnist","preset":"tiny","mask_ratio":0.75,"momentum":0.996})");
  write(folder / rcmae::run_files::kMetrics,
        "step,loss,loss_rec,images_per_s\n1,0.50,0.40,90\n2,0.49,0.39,100\n3,0.48,0.38,100\n4,0.47,"
        "0.37,110\n");
  return folder;
}

const std::string kHeader = rcmae::RunFolder::quality_header() + std::string("\n");

bool is_nan(double value) { return std::isnan(value); }

}  // namespace

class TestRunSummary : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // An RC-MAE run: reconstruction every row, representation on rows 2 and 4 only. Last
  // values come from the last row that measured them; best is lowest NMSE, highest accuracy.
  void lastAndBestOfAnRcmaeRun() {
    QTemporaryDir dir;
    const fs::path run = make_run(fs::path(dir.path().toStdString()) / "rcmae-a", "rcmae");
    write(
        run / rcmae::run_files::kQuality,
        kHeader +
            "100,10.5,0.2,0.02,17,0.60,0.019,17.2,0.55,,,,,,,,\n"
            "200,21.0,3.1,0.015,18,0.50,0.014,18.5,0.45,0.60,0.66,0.62,0.71,0.3,0.2,0.58,0.64\n"
            "300,31.5,0.2,0.016,18,0.52,0.013,18.9,0.40,,,,,,,,\n"
            "400,42.0,3.0,0.014,18.5,0.48,0.015,18.2,0.47,0.61,0.64,0.63,0.70,0.3,0.2,0.58,0.64\n");
    const RunSummary s = rcmae::summarize_run(run);
    QCOMPARE(s.quality_rows, int64_t(4));
    QCOMPARE(s.quality_step, int64_t(400));
    QCOMPARE(s.quality_train_s, 42.0);
    QCOMPARE(s.rec_nmse.last, 0.47);  // the teacher's
    QCOMPARE(s.rec_nmse.best, 0.40);
    QCOMPARE(s.student_nmse.last, 0.48);
    QCOMPARE(s.student_nmse.best, 0.48);
    QCOMPARE(s.teacher_knn.last, 0.64);
    QCOMPARE(s.teacher_knn.best, 0.66);
    QCOMPARE(s.student_knn.last, 0.61);
    QCOMPARE(s.teacher_probe.last, 0.70);
    QCOMPARE(s.teacher_probe.best, 0.71);
    QCOMPARE(s.student_probe.best, 0.63);
    QCOMPARE(s.pixel_knn, 0.58);
    QCOMPARE(s.pixel_probe, 0.64);
    QCOMPARE(s.knn(), 0.64);
    QCOMPARE(s.probe(), 0.70);
    QVERIFY(std::abs(s.knn_vs_pixels() - 6.0) < 1e-9);
    QVERIFY(std::abs(s.probe_vs_pixels() - 6.0) < 1e-9);
    QCOMPARE(s.steps, int64_t(4));
    QVERIFY(std::abs(s.final_loss_rec - 0.37) < 1e-12);  // last 10 % of 4 steps: the last one
    QCOMPARE(s.images_per_s, 100.0);
  }

  // MAE: the teacher columns are empty; every evaluation number is the student's.
  void maeRunUsesTheStudent() {
    QTemporaryDir dir;
    const fs::path run = make_run(fs::path(dir.path().toStdString()) / "mae-a", "mae");
    write(run / rcmae::run_files::kQuality,
          kHeader +
              "50,5,0.1,0.03,15.2,0.80,,,,,,,,,,,\n"
              "100,10,2.5,0.02,17.0,0.62,,,,0.52,,0.57,,0.4,,0.58,0.64\n");
    const RunSummary s = rcmae::summarize_run(run);
    QCOMPARE(s.rec_nmse.last, 0.62);
    QCOMPARE(s.rec_nmse.best, 0.62);
    QVERIFY(is_nan(s.teacher_knn.last) && is_nan(s.teacher_probe.best));
    QCOMPARE(s.knn(), 0.52);
    QCOMPARE(s.probe(), 0.57);
    QVERIFY(std::abs(s.knn_vs_pixels() - -6.0) < 1e-9);  // below raw pixels: negative
    QVERIFY(is_nan(s.momentum));                         // MAE has no teacher to have one
  }

  // A row another process is still writing (no newline yet) is not a row: its half-parsed
  // cells must not become the "last" values.
  void tornLastLineIsIgnored() {
    QTemporaryDir dir;
    const fs::path run = make_run(fs::path(dir.path().toStdString()) / "live", "rcmae");
    write(run / rcmae::run_files::kQuality,
          kHeader +
              "100,10,0.2,0.02,17,0.60,0.019,17.2,0.55,0.5,0.6,0.5,0.6,0.3,0.2,0.58,0.64\n"
              "200,20,0.2,0.01,19,0.3");
    const RunSummary s = rcmae::summarize_run(run);
    QCOMPARE(s.quality_rows, int64_t(1));
    QCOMPARE(s.quality_step, int64_t(100));
    QCOMPARE(s.rec_nmse.last, 0.55);
    QCOMPARE(s.student_nmse.best, 0.60);  // not the torn row's 0.3
    // metrics.csv too: a torn step is not counted.
    std::ofstream(run / rcmae::run_files::kMetrics, std::ios::app) << "5,0.4";
    QCOMPARE(rcmae::summarize_run(run).steps, int64_t(4));
  }

  // quality.csv with only its header (the run has not measured yet) and one written by the
  // real writer: the reader and RunFolder agree on the columns.
  void headerOnlyAndRunFolderWrittenFiles() {
    QTemporaryDir dir;
    const fs::path empty = make_run(fs::path(dir.path().toStdString()) / "empty", "rcmae");
    write(empty / rcmae::run_files::kQuality, kHeader);
    QVERIFY(!rcmae::summarize_run(empty).has_quality());

    const fs::path written = fs::path(dir.path().toStdString()) / "written";
    {
      rcmae::RunFolder folder(written);
      rcmae::QualityRecord q;
      q.step = 7;
      q.train_s = 3.5;
      q.student_nmse = 0.9;
      q.teacher_nmse = 0.8;
      q.teacher_knn = 0.33;
      q.student_knn = 0.31;
      q.teacher_probe = 0.41;
      q.student_probe = 0.4;
      q.pixel_knn = 0.3;
      q.pixel_probe = 0.35;
      folder.append_quality(q);
    }
    write(written / rcmae::run_files::kConfig, R"({"mode":"rcmae"})");
    const RunSummary s = rcmae::summarize_run(written);
    QCOMPARE(s.quality_step, int64_t(7));
    QCOMPARE(s.quality_train_s, 3.5);
    QCOMPARE(s.rec_nmse.last, 0.8);
    QCOMPARE(s.teacher_probe.last, 0.41);
    QCOMPARE(s.pixel_probe, 0.35);
  }

  // A run from before quality.csv: summarised from knn.csv and probe.csv, and the table
  // shows "-" for what it never measured.
  void oldRunWithoutQualityStillSummarises() {
    QTemporaryDir dir;
    const fs::path run = make_run(fs::path(dir.path().toStdString()) / "old-run", "rcmae");
    write(run / rcmae::run_files::kKnn,
          "step,student_knn,teacher_knn,student_collapse,teacher_collapse\n2,0.4,0.45,0.3,0.3\n4,0."
          "42,0.5,0.3,0.3\n");
    write(run / rcmae::run_files::kProbe, "step,which,probe_acc\n4,teacher,0.55\n");
    const RunSummary s = rcmae::summarize_run(run);
    QVERIFY(!s.has_quality());
    QVERIFY(is_nan(s.rec_nmse.last) && is_nan(s.pixel_knn) && is_nan(s.quality_train_s));
    QCOMPARE(s.knn(), 0.5);
    QCOMPARE(s.probe(), 0.55);
    QVERIFY(is_nan(s.knn_vs_pixels()));

    const std::string table = rcmae::format_comparison({s});
    const auto lines = QString::fromStdString(table).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QStringList header = lines[0].split(' ', Qt::SkipEmptyParts);
    const QStringList row = lines[1].split(' ', Qt::SkipEmptyParts);
    // "px kNN" / "px prb" / "vs px" are two words each in the header.
    QCOMPARE(header.join(' '),
             QString("run mode preset mask m steps train_s loss_rec rec_nmse kNN px kNN "
                     "vs px probe px prb vs px img/s"));
    QCOMPARE(row, QStringList({"old-run", "rcmae", "tiny", "0.75", "0.9960", "4", "-", "0.3700",
                               "-", "50.0%", "-", "-", "55.0%", "-", "-", "100"}));
  }

  void comparisonShowsTheDifferenceToPixels() {
    QTemporaryDir dir;
    const fs::path run = make_run(fs::path(dir.path().toStdString()) / "new-run", "rcmae");
    write(run / rcmae::run_files::kQuality, kHeader +
                                                "400,42.4,3.0,0.014,18.5,0.48,0.015,18.2,0.4712,0."
                                                "61,0.652,0.63,0.7,0.3,0.2,0.64,0.712\n");
    const std::string table = rcmae::format_comparison({rcmae::summarize_run(run)});
    const QStringList row =
        QString::fromStdString(table).split('\n')[1].split(' ', Qt::SkipEmptyParts);
    QCOMPARE(row,
             QStringList({"new-run", "rcmae", "tiny", "0.75", "0.9960", "4", "42.4", "0.3700",
                          "0.471", "65.2%", "64.0%", "+1.2", "70.0%", "71.2%", "-1.2", "100"}));
  }

  void missingConfigIsNotARun() {
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, rcmae::summarize_run(dir.path().toStdString()));
  }
};

RCMAE_QTEST(TestRunSummary)
#include "test_run_summary.moc"
