// The typed run-record reader (rcmae/run) on a folder written by RunFolder, the writer
// `rcmae train` uses: writer and reader agree on every file and column, and a resumed run's
// rows are picked up incrementally.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <memory>
#include <string>

#include "harness/qtest_registry.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/run/run_record.h"

namespace fs = std::filesystem;
using rcmae::run::RunRecord;

class TestRunRecordWriter : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // A folder written by RunFolder, the writer of `rcmae train`: config facts, every step,
  // the kNN monitor and quality rows, read incrementally while the "run" goes on.
  void readsAFolderRunFolderWrote() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "run";
    rcmae::TrainConfig config;
    config.mode = rcmae::TeacherMode::RcMae;
    config.steps = 40;
    config.mask_ratio = 0.6;
    rcmae::DatasetInfo data;
    auto run = std::make_unique<rcmae::RunFolder>(folder);
    run->write_config(config, data, 1);
    for (int step = 1; step <= 20; ++step) {
      rcmae::StepRecord record;
      record.step = step;
      record.loss = 1.0 / step;
      record.loss_rec = 0.5;
      record.images_per_s = 100 + step;
      run->append_metrics(record);
    }
    run->append_knn(10, 0.30, 0.35, 0.1, 0.1);
    run->append_knn(20, 0.40, 0.38, 0.1, 0.1);
    rcmae::QualityRecord quality;
    quality.step = 20;
    quality.train_s = 3.5;
    quality.student_nmse = 0.7;
    quality.teacher_nmse = 0.6;
    run->append_quality(quality);
    run.reset();  // flushed and closed

    RunRecord record(folder);
    QVERIFY(RunRecord::is_run_folder(folder));
    QVERIFY(record.poll());
    QCOMPARE(record.config().mode, std::string("rcmae"));
    QCOMPARE(record.config().steps, int64_t(40));
    QCOMPARE(record.config().mask_ratio, 0.6);
    QCOMPARE(record.metrics().row_count(), int64_t(20));
    QCOMPARE(record.metrics().column("loss")[3], 0.25);
    QCOMPARE(record.knn().row_count(), int64_t(2));
    QCOMPARE(record.quality().column("teacher_nmse"), (std::vector<double>{0.6}));
    QVERIFY(!record.poll());  // nothing changed

    {
      rcmae::RunFolder resumed(folder, /*resume=*/true);
      rcmae::StepRecord record21;
      record21.step = 21;
      record21.loss = 0.04;
      resumed.append_metrics(record21);
    }
    QVERIFY(record.poll());
    QCOMPARE(record.metrics().row_count(), int64_t(21));
    QCOMPARE(record.metrics().column("loss").back(), 0.04);
  }
};

RCMAE_QTEST_GUILESS(TestRunRecordWriter)
#include "test_run_record_writer.moc"
