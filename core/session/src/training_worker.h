#pragma once
// The window's side of the one training loop (train/training_loop.h), on its own thread:
// pause, single steps, live changes, snapshots and batched hand-off to the GUI on top of the
// bookkeeping every run shares. Private to rcmae_session: it holds torch objects.
#include <QObject>
#include <QString>
#include <QVector>
#include <memory>

#include "rcmae/session/session_types.h"
#include "rcmae/session/worker_control.h"
#include "rcmae/train/training_loop.h"

namespace rcmae::session {

class TrainingWorker : public QObject, public TrainingObserver {
  Q_OBJECT

 public:
  // `resume_from` empty: a fresh run of `config` in a new run folder. Otherwise the
  // checkpoint file to continue from (its configuration replaces `config`) in its own folder.
  TrainingWorker(TrainConfig config, SessionOptions options, std::shared_ptr<WorkerControl> control,
                 QString resume_from = {});
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
  void startLoop();
  void loop();
  void serveRequests();
  void waitForWork();
  void waitForStop();
  void forwardLiveChanges();
  void flushRecords();
  void maybeSnapshot(bool force);
  void takeSnapshot();
  void pauseForError(const QString& title, const QString& message);
  void reachBudget();
  void saveCheckpoint();
  void saveLastSnapshot();

  // TrainingObserver: what the window adds to every step of the loop.
  bool before_step() override;
  void parameter_changed(const ParameterEvent& event) override;
  void grad_similarity_measured(const GradSimilarityRecord& record) override;
  void step_recorded(const StepRecord& record) override;
  void quality_measured(const QualityRecord& record) override;
  void checkpoint_failed(const std::filesystem::path& file, const std::string& reason) override;
  bool after_step(const StepRecord& record) override;
  // Stop gives up a measurement in progress: the window waits for this thread to end.
  bool measurement_cancelled() override;

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
  SnapshotPtr last_snapshot_;         // the newest one sent, kept for the run folder
  int64_t saved_snapshot_step_ = -1;  // the step RUN_DIR/snapshots holds last
  int64_t last_step_ = 0;
  bool single_step_ = false;  // the step under way was asked for while paused
};

}  // namespace rcmae::session
