// RunFolder::continue_from: a run resumed from a checkpoint logs every step once, whatever
// the interrupted process wrote past the checkpoint (whole rows or a torn last line).
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "harness/qtest_registry.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/sweep/loss_curve.h"

namespace fs = std::filesystem;

namespace {

rcmae::StepRecord record(int64_t step, double loss) {
  rcmae::StepRecord r;
  r.step = step;
  r.images_seen = 8 * step;
  r.loss = loss;
  return r;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int data_rows(const fs::path& csv) {
  const std::string text = read_text(csv);
  return int(std::count(text.begin(), text.end(), '\n')) - 1;  // minus the header
}

}  // namespace

class TestRunFolder : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void resumedRunLogsEachStepOnce() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    {
      // Checkpoint at step 3; the first process went on to 5, then died writing row 6.
      rcmae::RunFolder first(folder);
      const double losses[] = {1.0, 0.9, 0.8, 0.71, 0.61};
      for (int step = 1; step <= 5; ++step) first.append_metrics(record(step, losses[step - 1]));
      first.append_knn(2, 0.5, 0.4, 0.3, 0.2);
      first.append_knn(4, 0.55, 0.45, 0.3, 0.2);
    }
    std::ofstream(folder / "metrics.csv", std::ios::app) << "6,48,0.5";
    {
      rcmae::RunFolder resumed(folder, /*resume=*/true);
      resumed.continue_from(3, folder / "checkpoint.ckpt");
      resumed.append_metrics(record(4, 0.7));
      resumed.append_metrics(record(5, 0.6));
      resumed.append_metrics(record(6, 0.5));
    }
    QCOMPARE(rcmae::read_loss_curve(folder / "metrics.csv"),
             (rcmae::LossCurve{1.0, 0.9, 0.8, 0.7, 0.6, 0.5}));
    QCOMPARE(data_rows(folder / "metrics.csv"), 6);
    QCOMPARE(data_rows(folder / "knn.csv"), 1);  // step 4's evaluation was past the checkpoint
    const std::string events = read_text(folder / "events.jsonl");
    QVERIFY(events.find("\"type\":\"resume\"") != std::string::npos);
    QVERIFY(events.find("\"step\":3") != std::string::npos);
  }

  void continuingAtTheLastStepKeepsEveryRow() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    {
      rcmae::RunFolder run(folder);
      for (int step = 1; step <= 4; ++step) run.append_metrics(record(step, 1.0 / step));
    }
    const std::string before = read_text(folder / "metrics.csv");
    rcmae::RunFolder(folder, /*resume=*/true).continue_from(4, folder / "checkpoint.ckpt");
    QCOMPARE(read_text(folder / "metrics.csv"), before);
  }
};

RCMAE_QTEST_GUILESS(TestRunFolder)
#include "test_run_folder.moc"
