// The run-record library (rcmae/run): the one CSV reader (a torn last line, incremental
// re-reads, a replaced file, a missing file), the typed reader and the summary rules against
// numbers worked out by hand. Torch-free, so it also runs under ASan/UBSan (tests/sanitize);
// the reader on a folder RunFolder wrote is test_run_record_writer.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/qtest_registry.h"
#include "rcmae/run/csv_tail.h"
#include "rcmae/run/fork_plan_file.h"
#include "rcmae/run/run_files.h"
#include "rcmae/run/run_record.h"
#include "rcmae/run/run_summary.h"

namespace fs = std::filesystem;
using rcmae::run::CsvTail;
using rcmae::run::RunRecord;

namespace {

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}
void append(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary | std::ios::app) << text;
}

fs::path temp_path(const QTemporaryDir& dir) { return fs::path(dir.path().toStdString()); }

}  // namespace

class TestRunRecord : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // The layout: what the writers and readers agree on.
  void layoutNamesEveryFile() {
    QCOMPARE(std::string(rcmae::run_files::kMetrics), std::string("metrics.csv"));
    QCOMPARE(std::string(rcmae::run_files::kQuality), std::string("quality.csv"));
    QCOMPARE(std::string(rcmae::run_files::kEvents), std::string("events.jsonl"));
    QCOMPARE(std::string(rcmae::run_files::kFinetune), std::string("finetune.csv"));
    QCOMPARE(rcmae::run_files::snapshot_name(42), std::string("step_00000042.snap"));
    QVERIFY(rcmae::run_files::snapshot_name(9) < rcmae::run_files::snapshot_name(10));
  }

  // A row another process is still writing has no newline yet: it is not a row of zeros,
  // and the next poll picks it up once it is complete, along with what came after.
  void tornLastLineWaitsForItsNewline() {
    QTemporaryDir dir;
    const fs::path file = temp_path(dir) / "metrics.csv";
    write(file, "step,loss\n1,0.9\n2,0.8\n3,0.");
    CsvTail tail(file);
    QCOMPARE(tail.poll(), 2);
    QCOMPARE(tail.column("loss"), (std::vector<double>{0.9, 0.8}));
    QCOMPARE(tail.offset(), uint64_t(std::string("step,loss\n1,0.9\n2,0.8\n").size()));
    append(file, "7\n4,0.6\n");
    QCOMPARE(tail.poll(), 2);
    QCOMPARE(tail.column("step"), (std::vector<double>{1, 2, 3, 4}));
    QCOMPARE(tail.column("loss"), (std::vector<double>{0.9, 0.8, 0.7, 0.6}));
  }

  // Re-reading parses only what was appended: rows already read stay as they were even if
  // the bytes under them changed (they cannot in an append-only file; this proves the reader
  // did not look again).
  void rereadPicksUpOnlyAppendedRows() {
    QTemporaryDir dir;
    const fs::path file = temp_path(dir) / "knn.csv";
    write(file, "step,student_knn\n10,0.25\n");
    CsvTail tail(file);
    QCOMPARE(tail.poll(), 1);
    QCOMPARE(tail.poll(), 0);  // nothing new
    {
      std::fstream overwrite(file, std::ios::in | std::ios::out | std::ios::binary);
      overwrite.seekp(std::string("step,student_knn\n10,0.").size());
      overwrite << "99";  // same length: a grown file, not a replaced one
    }
    append(file, "20,0.5\n");
    QCOMPARE(tail.poll(), 1);
    QCOMPARE(tail.column("student_knn"), (std::vector<double>{0.25, 0.5}));
    QCOMPARE(tail.row_count(), int64_t(2));
  }

  // A run restarted into the same folder writes a shorter file: read again from the start.
  void shorterFileIsReadAgain() {
    QTemporaryDir dir;
    const fs::path file = temp_path(dir) / "metrics.csv";
    write(file, "step,loss\n1,0.9\n2,0.8\n3,0.7\n");
    CsvTail tail(file);
    QCOMPARE(tail.poll(), 3);
    write(file, "step,loss\n1,0.5\n");
    QCOMPARE(tail.poll(), -1);
    QCOMPARE(tail.row_count(), int64_t(1));
    QCOMPARE(tail.column("loss"), (std::vector<double>{0.5}));
  }

  // Columns by header name, in any order; empty cells and words are NaN as numbers; text
  // columns keep their cells; keep_only drops the rest.
  void columnsByNameWithTextAndGaps() {
    QTemporaryDir dir;
    const fs::path file = temp_path(dir) / "robustness.csv";
    write(file, "severity, corruption ,knn_acc,probe_acc\n0,clean,0.8,\n2,blur,0.5x,0.4\n");
    CsvTail tail(file);
    tail.keep_only({"knn_acc", "probe_acc"});
    tail.keep_text({"corruption"});
    QCOMPARE(tail.poll(), 2);
    QVERIFY(tail.has_column("severity"));
    QVERIFY(tail.column("severity").empty());  // in the header, not kept
    QCOMPARE(tail.text("corruption"), (std::vector<std::string>{"clean", "blur"}));
    QCOMPARE(tail.column("knn_acc")[0], 0.8);
    QVERIFY(std::isnan(tail.column("knn_acc")[1]));
    QVERIFY(std::isnan(tail.column("probe_acc")[0]));
    QCOMPARE(tail.column("probe_acc")[1], 0.4);
  }

  // finetune.csv quotes its source path, which may hold commas: the columns after it stay
  // in place.
  void quotedCellsKeepTheirCommas() {
    QTemporaryDir dir;
    const fs::path file = temp_path(dir) / "finetune.csv";
    write(file,
          "init,source,top1\nteacher,\"runs/a,b/checkpoint.ckpt\",0.7\nscratch,\"say "
          "\"\"x\"\"\",0.5\n");
    CsvTail tail(file);
    tail.keep_text({"init", "source"});
    QCOMPARE(tail.poll(), 2);
    QCOMPARE(tail.text("source"),
             (std::vector<std::string>{"runs/a,b/checkpoint.ckpt", "say \"x\""}));
    QCOMPARE(tail.column("top1"), (std::vector<double>{0.7, 0.5}));
  }

  void missingFileIsAbsentNotAnError() {
    QTemporaryDir dir;
    CsvTail tail(temp_path(dir) / "nothing.csv");
    QCOMPARE(tail.poll(), 0);
    QVERIFY(!tail.exists());
    QVERIFY(tail.header().empty());
    QVERIFY(tail.column("loss").empty());
    QVERIFY(tail.text("corruption").empty());
  }

  // The summary rules with hand-worked numbers.
  //   final loss: 20 rows of 1/step -> the last 10 % is rows 19 and 20: (1/19 + 1/20) / 2
  //   kNN: per row teacher else student: 0.35, 0.38 (teacher), 0.45 (student only) -> best
  //        0.45 (row 3), final 0.45; final student 0.45
  //   quality: rec_nmse per row teacher else student: 0.6, 0.55 -> last 0.55, best 0.55
  //   probe: the last measured probe_acc 0.62
  //   robustness: clean 0.8; corrupted (0.5 + 0.3 + 0.4) / 3 = 0.4
  //   fine-tune: best top-1 per init: teacher 0.71 (of 0.66, 0.71), scratch 0.52 (the
  //        empty cell of its second row is not a measurement)
  void summaryRulesByHand() {
    QTemporaryDir dir;
    const fs::path folder = temp_path(dir) / "by-hand";
    fs::create_directories(folder);
    write(folder / rcmae::run_files::kConfig,
          R"({"mode":"rcmae","preset":"micro","momentum":0.99})");
    std::string metrics = "step,loss,loss_rec,images_per_s\n";
    for (int step = 1; step <= 20; ++step)
      metrics += std::to_string(step) + "," + std::to_string(1.0 / step) + ",0.5,100\n";
    write(folder / rcmae::run_files::kMetrics, metrics);
    write(folder / rcmae::run_files::kKnn,
          "step,student_knn,teacher_knn\n10,0.30,0.35\n20,0.40,0.38\n30,0.45,\n");
    write(folder / rcmae::run_files::kProbe, "step,which,probe_acc\n30,teacher,0.62\n");
    write(
        folder / rcmae::run_files::kQuality,
        "step,train_s,student_nmse,teacher_nmse\n10,1.5,0.7,0.6\n20,3.0,0.65,\n30,4.5,0.58,0.55\n");
    write(folder / rcmae::run_files::kRobustness,
          "corruption,severity,knn_acc,probe_acc,parameter\nclean,0,0.8,,\nnoise,1,0.5,,0.1\n"
          "noise,2,0.3,,0.2\nblur,1,0.4,,1\n");
    write(folder / rcmae::run_files::kFinetune,
          "init,source,epochs,steps,train_s,top1\nteacher,\"a,b\",1,50,2.0,0.66\n"
          "teacher,\"a,b\",2,100,4.0,0.71\nscratch,x,2,100,4.0,0.52\nscratch,x,3,150,6.0,\n");

    const rcmae::RunSummary s = rcmae::summarize_run(folder);
    QCOMPARE(s.name, std::string("by-hand"));
    QCOMPARE(s.steps, int64_t(20));
    QVERIFY(std::abs(s.final_loss - (1.0 / 19 + 1.0 / 20) / 2) < 1e-6);
    QCOMPARE(s.final_loss_rec, 0.5);
    QCOMPARE(s.momentum, 0.99);
    QCOMPARE(s.best_knn, 0.45);
    QCOMPARE(s.final_knn, 0.45);
    QCOMPARE(s.final_student_knn, 0.45);
    QCOMPARE(s.probe_acc, 0.62);
    QCOMPARE(s.quality_rows, int64_t(3));
    QCOMPARE(s.quality_train_s, 4.5);
    QCOMPARE(s.rec_nmse.last, 0.55);
    QCOMPARE(s.rec_nmse.best, 0.55);
    QCOMPARE(s.student_nmse.best, 0.58);
    QCOMPARE(s.robustness_rows, int64_t(4));
    QCOMPARE(s.robustness_clean_knn, 0.8);
    QVERIFY(std::abs(s.robustness_corrupted_knn - 0.4) < 1e-12);
    QCOMPARE(s.finetune_rows, int64_t(4));
    QCOMPARE(s.finetune_top1.size(), size_t(2));
    QCOMPARE(s.finetune_top1.at("teacher"), 0.71);
    QCOMPARE(s.finetune_top1.at("scratch"), 0.52);
  }

  // A run folder with its config and nothing else yet: every measured number is absent
  // (NaN, 0 rows), not a crash; without metrics.csv, summarize_run names the file.
  void missingFilesReadAsAbsence() {
    QTemporaryDir dir;
    const fs::path folder = temp_path(dir) / "young";
    fs::create_directories(folder);
    write(folder / rcmae::run_files::kConfig, R"({"mode":"mae"})");
    RunRecord record(folder);
    record.poll();
    const rcmae::RunSummary s = rcmae::summarize(record);
    QCOMPARE(s.mode, std::string("mae"));
    QCOMPARE(s.steps, int64_t(0));
    QVERIFY(std::isnan(s.final_loss));
    QVERIFY(std::isnan(s.best_knn));
    QVERIFY(std::isnan(s.probe_acc));
    QVERIFY(!s.has_quality());
    QVERIFY(std::isnan(s.robustness_clean_knn));
    QVERIFY(s.finetune_top1.empty());
    QVERIFY(record.latest_snapshot().empty());
    try {
      rcmae::summarize_run(folder);
      QFAIL("a folder without metrics.csv was summarised");
    } catch (const std::runtime_error& error) {
      QVERIFY(std::string(error.what()).find("metrics.csv") != std::string::npos);
    }
  }

  // The newest snapshot by step, whatever the order they were written in; other files in
  // the folder do not count.
  // fork.json: settings written as text or as numbers read back as text, the control first;
  // a file that is no plan says so, naming the file.
  void forkPlanFileReadsWhatForkWrote() {
    QTemporaryDir dir;
    const fs::path fork = temp_path(dir);
    write(fork / rcmae::run_files::kForkPlan,
          R"({"parent": "/runs/teach", "parent_step": 300, "steps": 200, "total_steps": 3000,
              "repeats": 3, "processes": 2, "threads_each": 1,
              "arms": [{"name": "control", "settings": {}},
                       {"name": "m999", "settings": {"momentum": "0.999"}},
                       {"name": "both", "settings": {"gamma": 0.5, "mask-ratio": "0.9"}},
                       {"settings": {"momentum": "0.5"}}]})");
    const rcmae::run::ForkPlanFile plan = rcmae::run::read_fork_plan_file(fork);
    QCOMPARE(plan.parent, std::string("/runs/teach"));
    QCOMPARE(plan.parent_step, int64_t(300));
    QCOMPARE(plan.steps, int64_t(200));
    QCOMPARE(plan.repeats, 3);
    QCOMPARE(plan.processes, 2);
    QCOMPARE(int(plan.arms.size()), 3);  // the arm without a name is no arm
    QCOMPARE(plan.arms[0].name, std::string("control"));
    QVERIFY(plan.arms[0].settings.empty());
    QCOMPARE(plan.arms[1].settings.at(0).second, std::string("0.999"));
    QCOMPARE(plan.arms[2].settings.at(0).first, std::string("gamma"));
    QCOMPARE(plan.arms[2].settings.at(0).second, std::string("0.5"));
    QCOMPARE(plan.arms[2].settings.at(1).second, std::string("0.9"));

    write(fork / rcmae::run_files::kForkPlan, R"({"parent": "/runs/teach"})");
    try {
      rcmae::run::read_fork_plan_file(fork);
      QFAIL("a fork.json without arms was read");
    } catch (const std::runtime_error& error) {
      QVERIFY2(
          std::string(error.what()).find("fork.json: has no \"arms\" list") != std::string::npos,
          error.what());
    }
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, rcmae::run::read_fork_plan_file(fork / "none"));
  }

  void latestSnapshotIsTheHighestStep() {
    QTemporaryDir dir;
    const fs::path folder = temp_path(dir) / "snaps";
    fs::create_directories(folder / rcmae::run_files::kSnapshots);
    for (int step : {120, 8, 1000})
      write(folder / rcmae::run_files::kSnapshots / rcmae::run_files::snapshot_name(step), "x");
    write(folder / rcmae::run_files::kSnapshots / "notes.txt", "x");
    RunRecord record(folder);
    QVERIFY(record.poll());
    QCOMPARE(record.latest_snapshot().filename().string(), rcmae::run_files::snapshot_name(1000));
  }
};

RCMAE_QTEST_GUILESS(TestRunRecord)
#include "test_run_record.moc"
