#pragma once
// The training loop's thread side. Private to rcmae_session: it holds torch objects.
#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "rcmae/session/session_types.h"

namespace rcmae::session {

// Shared between the GUI thread (writes) and the worker (reads between steps).
struct WorkerControl {
  std::atomic<bool> stop{false};
  std::atomic<bool> paused{false};
  std::atomic<int> step_requests{0};
  std::atomic<bool> snapshot_requested{false};
  std::atomic<bool> checkpoint_requested{false};
  std::atomic<int> snapshot_every_steps{25};
  std::atomic<double> snapshot_every_s{2.0};

  std::mutex mutex;  // guards `pending` and pairs with `wake`
  std::condition_variable wake;
  LiveChanges pending;

  void notify() {
    std::lock_guard<std::mutex> lock(mutex);
    wake.notify_all();
  }
};

class TrainingWorker : public QObject {
  Q_OBJECT

 public:
  // `resume_from` empty: a fresh run of `config` in a new run folder. Otherwise the
  // checkpoint file to continue from (its configuration replaces `config`) in its own folder.
  TrainingWorker(TrainConfig config, SessionOptions options,
                 std::shared_ptr<WorkerControl> control, QString resume_from = {});
  ~TrainingWorker() override;

  // Runs until control->stop; invoked once in the worker thread.
  void run();

 Q_SIGNALS:
  void runStarted(const rcmae::session::RunInfo& info);
  void stepRecords(const QVector<rcmae::StepRecord>& records);
  void gradSimilarity(const QVector<rcmae::GradSimilarityRecord>& records);
  void parameterChanged(const rcmae::ParameterEvent& event);
  void qualityMeasured(const rcmae::QualityRecord& record);
  void snapshotReady(const rcmae::session::SnapshotPtr& snapshot);
  void pausedItself(const QString& reason, bool budget_spent);
  void failed(const QString& title, const QString& message, bool fatal);
  // A problem the user must see that does not change the run's state (a checkpoint that
  // could not be saved).
  void warned(const QString& title, const QString& message);
  void finished();

 private:
  struct Engine;  // trainer, demo batch, run folder: torch lives behind this

  bool setUp();
  void buildTrainer();
  void openRunFolder(RunInfo& info);
  void loop();
  bool shouldStep() const;
  void waitForWork();
  void forwardLiveChanges();
  bool trainOneStep();
  void publish(const StepRecord& record);
  void publishGradSimilarity();
  void flushRecords();
  void maybeSnapshot(bool force);
  void takeSnapshot();
  void pauseForError(const QString& title, const QString& message);
  void reachBudget();
  void maybeMeasureQuality(bool final_measurement);
  void saveCheckpoint();
  void saveLastSnapshot();

  TrainConfig config_;
  SessionOptions options_;
  std::shared_ptr<WorkerControl> control_;
  QString resume_from_;
  std::unique_ptr<Engine> engine_;
  QVector<StepRecord> outbox_;
  QVector<GradSimilarityRecord> grad_outbox_;
  double last_flush_s_ = 0;
  double last_snapshot_s_ = 0;
  double snapshot_cost_s_ = 0;  // how long the last snapshot took (reconstruction + hand-off)
  int64_t last_snapshot_step_ = -1;
  SnapshotPtr last_snapshot_;  // the newest one sent, kept for the run folder
  int64_t saved_snapshot_step_ = -1;  // the step RUN_DIR/snapshots holds last
  int64_t last_step_ = 0;
};

}  // namespace rcmae::session
