// The one step loop: it records every step (metrics.csv), runs kNN on --knn-every's
// schedule and once more at the end with the probe, saves checkpoints by steps with a
// "checkpoint" event, stops when its observer asks, and writes every error (a failed step,
// a failed checkpoint) as the one "error" event shape.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/train/trainer.h"
#include "rcmae/train/training_loop.h"

namespace fs = std::filesystem;
using rcmae::StepRecord;
using rcmae::TrainConfig;
using rcmae::TrainingLoop;

namespace {

TrainConfig micro_config(int64_t steps) {
  TrainConfig c = rcmae::testing::micro_train_config();
  c.steps = steps;
  c.seed = 3;
  return c;
}

// The same with the kNN monitor every `knn_every` steps (and at the end, with the probe) on
// a bank small enough to take milliseconds.
TrainConfig micro_knn_config(int64_t steps, int64_t knn_every) {
  TrainConfig c = micro_config(steps);
  c.knn_every = knn_every;
  c.knn_bank = 64;
  c.knn_queries = 32;
  return c;
}

std::vector<nlohmann::json> events_in(const fs::path& folder) {
  std::vector<nlohmann::json> events;
  std::ifstream in(folder / "events.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) events.push_back(nlohmann::json::parse(line));
  return events;
}

std::vector<nlohmann::json> events_of_type(const fs::path& folder, const std::string& type) {
  std::vector<nlohmann::json> matching;
  for (const auto& event : events_in(folder))
    if (event.value("type", "") == type) matching.push_back(event);
  return matching;
}

// The first column of every data row of a CSV file.
std::vector<int64_t> first_column(const fs::path& file) {
  std::vector<int64_t> values;
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line))
    if (!line.empty()) values.push_back(std::stoll(line.substr(0, line.find(','))));
  return values;
}

// The keys of an "error" event, in order: the one shape every writer uses.
std::vector<std::string> keys_of(const nlohmann::json& event) {
  std::vector<std::string> keys;
  for (auto it = event.begin(); it != event.end(); ++it) keys.push_back(it.key());
  return keys;
}

const std::vector<std::string> kErrorKeys{"message", "step", "type"};

// Counts what the loop reports and stops after `stop_after` steps when asked to.
struct CountingObserver : rcmae::TrainingObserver {
  int64_t stop_after = -1;
  std::vector<int64_t> recorded_steps;
  std::vector<std::string> failed_checkpoints;
  bool cancel_measurements = false;
  int cancel_questions = 0;
  bool measurement_cancelled() override {
    ++cancel_questions;
    return cancel_measurements;
  }
  bool before_step() override {
    return stop_after < 0 || int64_t(recorded_steps.size()) < stop_after;
  }
  void step_recorded(const StepRecord& record) override { recorded_steps.push_back(record.step); }
  void checkpoint_failed(const fs::path&, const std::string& reason) override {
    failed_checkpoints.push_back(reason);
  }
};

}  // namespace

class TestTrainingLoop : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void errorEventHasOneShape() {
    const nlohmann::json event = nlohmann::json::parse(rcmae::error_event_json(12, "disk full"));
    QCOMPARE(keys_of(event), kErrorKeys);
    QCOMPARE(event["step"].get<int64_t>(), int64_t(12));
    QCOMPARE(event["type"].get<std::string>(), std::string("error"));
    QCOMPARE(event["message"].get<std::string>(), std::string("disk full"));
  }

  void recordsEveryStepAndRunsKnnOnItsSchedule() {
    QTemporaryDir dir;
    const TrainConfig c = micro_knn_config(5, 2);
    rcmae::RunFolder folder(dir.path().toStdString());
    rcmae::Trainer trainer(c, fixed_source(c, 7));
    CountingObserver observer;
    rcmae::TrainingLoopOptions options;
    options.folder = &folder;
    options.checkpoint_every = 3;
    options.checkpoint_every_s = 0;
    TrainingLoop loop(trainer, observer, options);
    loop.begin();
    QCOMPARE(loop.run(), TrainingLoop::Ending::BudgetSpent);
    loop.measure_final();
    loop.measure_final();  // each step is measured once
    QCOMPARE(observer.recorded_steps, (std::vector<int64_t>{1, 2, 3, 4, 5}));
    const fs::path path = folder.path();
    QCOMPARE(first_column(path / "metrics.csv"), (std::vector<int64_t>{1, 2, 3, 4, 5}));
    // Steps 2 and 4 on the schedule, 5 at the end.
    QCOMPARE(first_column(path / "knn.csv"), (std::vector<int64_t>{2, 4, 5}));
    QCOMPARE(first_column(path / "probe.csv"), (std::vector<int64_t>{5}));
    QVERIFY(std::isfinite(loop.outcome().final_knn));
    QVERIFY(std::isfinite(loop.outcome().final_probe));
    QCOMPARE(loop.outcome().steps, int64_t(5));
    QVERIFY(loop.outcome().first_loss > 0);
    // --checkpoint-every 3 saved step 3; the end of the run saves step 5, and only once.
    QVERIFY(!loop.save_checkpoint());
    QVERIFY(!loop.save_checkpoint());
    std::vector<int64_t> saved;
    for (const auto& event : events_of_type(path, "checkpoint")) saved.push_back(event["step"]);
    QCOMPARE(saved, (std::vector<int64_t>{3, 5}));
    QVERIFY(fs::exists(path / "checkpoint.ckpt"));
  }

  // The window's Stop during the end-of-run kNN and probe: both are given up between batches
  // with no row and no error event, and measure once nobody asks to stop any more.
  void cancelledMeasurementRecordsNothingAndIsNoFailure() {
    QTemporaryDir dir;
    const TrainConfig c = micro_knn_config(3, 100);  // kNN at the end of the run only
    rcmae::RunFolder folder(dir.path().toStdString());
    rcmae::Trainer trainer(c, fixed_source(c, 7));
    CountingObserver observer;
    rcmae::TrainingLoopOptions options;
    options.folder = &folder;
    TrainingLoop loop(trainer, observer, options);
    QCOMPARE(loop.run(), TrainingLoop::Ending::BudgetSpent);
    QCOMPARE(observer.cancel_questions, 0);  // nothing measured during these 3 steps
    observer.cancel_measurements = true;
    loop.measure_final();
    QCOMPARE(observer.cancel_questions, 2);  // the kNN's first batch, then the probe's
    const fs::path path = folder.path();
    QVERIFY(first_column(path / "knn.csv").empty());
    QVERIFY(first_column(path / "probe.csv").empty());
    QVERIFY(std::isnan(loop.outcome().final_knn));
    QVERIFY(events_of_type(path, "error").empty());
    observer.cancel_measurements = false;
    loop.measure_final();
    QCOMPARE(first_column(path / "knn.csv"), (std::vector<int64_t>{3}));
    QCOMPARE(first_column(path / "probe.csv"), (std::vector<int64_t>{3}));
    QVERIFY(std::isfinite(loop.outcome().final_probe));
  }

  void observerStopsTheRunBetweenSteps() {
    TrainConfig c = micro_config(10);
    rcmae::Trainer trainer(c, fixed_source(c, 7));
    CountingObserver observer;
    observer.stop_after = 2;
    TrainingLoop loop(trainer, observer, {});
    QCOMPARE(loop.run(), TrainingLoop::Ending::StopRequested);
    QCOMPARE(trainer.steps_done(), int64_t(2));
    QVERIFY(!loop.budget_spent());
  }

  void stopAtEndsTheBudgetEarly() {
    TrainConfig c = micro_config(10);
    rcmae::Trainer trainer(c, fixed_source(c, 7));
    CountingObserver observer;
    rcmae::TrainingLoopOptions options;
    options.stop_at = 3;
    TrainingLoop loop(trainer, observer, options);
    QCOMPARE(loop.last_step(), int64_t(3));
    QCOMPARE(loop.run(), TrainingLoop::Ending::BudgetSpent);
    QCOMPARE(trainer.steps_done(), int64_t(3));
  }

  void failedStepLeavesAnErrorEventAndPropagates() {
    QTemporaryDir dir;
    TrainConfig c = micro_config(4);
    rcmae::RunFolder folder(dir.path().toStdString());
    auto data = fixed_source(c, 7);
    data->batch_.images.fill_(std::numeric_limits<float>::quiet_NaN());
    rcmae::Trainer trainer(c, std::move(data));
    CountingObserver observer;
    rcmae::TrainingLoopOptions options;
    options.folder = &folder;
    TrainingLoop loop(trainer, observer, options);
    QVERIFY_THROWS_EXCEPTION(rcmae::TrainingError, loop.run());
    const auto errors = events_of_type(folder.path(), "error");
    QCOMPARE(errors.size(), size_t(1));
    QCOMPARE(keys_of(errors[0]), kErrorKeys);
    QCOMPARE(errors[0]["step"].get<int64_t>(), int64_t(1));  // the step that failed
    QVERIFY(errors[0]["message"].get<std::string>().find("loss is") != std::string::npos);
    QVERIFY(observer.recorded_steps.empty());
  }

  void failedCheckpointLeavesAnErrorEventAndTrainingGoesOn() {
    QTemporaryDir dir;
    TrainConfig c = micro_config(2);
    rcmae::RunFolder folder(dir.path().toStdString());
    // A directory takes the checkpoint's name: the final rename fails, root or not.
    fs::create_directory(folder.path() / "checkpoint.ckpt");
    rcmae::Trainer trainer(c, fixed_source(c, 7));
    CountingObserver observer;
    rcmae::TrainingLoopOptions options;
    options.folder = &folder;
    options.checkpoint_every = 1;
    TrainingLoop loop(trainer, observer, options);
    QCOMPARE(loop.run(), TrainingLoop::Ending::BudgetSpent);
    QCOMPARE(observer.recorded_steps, (std::vector<int64_t>{1, 2}));
    QCOMPARE(observer.failed_checkpoints.size(), size_t(2));
    const auto errors = events_of_type(folder.path(), "error");
    QCOMPARE(errors.size(), size_t(2));
    for (const auto& error : errors) {
      QCOMPARE(keys_of(error), kErrorKeys);
      QVERIFY(error["message"].get<std::string>().rfind("checkpoint not saved: ", 0) == 0);
    }
    QCOMPARE(errors[1]["step"].get<int64_t>(), int64_t(2));
    QVERIFY(events_of_type(folder.path(), "checkpoint").empty());
  }
};

RCMAE_QTEST_GUILESS(TestTrainingLoop)
#include "test_training_loop.moc"
