#pragma once
// The GUI's handle on a training run. Lives in the GUI thread; the trainer lives in a
// worker QObject moved to its own QThread. Control (pause, step, stop, live changes) goes
// through atomic flags and a mutex-guarded mailbox the worker reads between steps: its loop
// never returns to an event loop while training, so queued slots would never run there.
// Results come back as queued signals carrying plain values.
#include <QObject>
#include <QString>
#include <QVector>
#include <memory>

#include "rcmae/session/session_types.h"

class QThread;

namespace rcmae::session {

class WorkerControl;
class TrainingWorker;

class TrainingSession : public QObject {
  Q_OBJECT

 public:
  explicit TrainingSession(QObject* parent = nullptr);
  ~TrainingSession() override;  // stops and joins the worker thread

  // Builds a trainer for `config` on a fresh thread. Errors (bad data, bad config) arrive as
  // errorOccurred + stateChanged(Failed), never as exceptions. Stops any previous run first.
  void start(const TrainConfig& config, const SessionOptions& options = {});
  // Continues the run saved in `checkpoint` (a run folder's checkpoint.ckpt) with the
  // configuration stored in it, in the checkpoint's own folder (options.runs_root is not
  // used): rows logged past the checkpoint are dropped, a "resume" event is appended, and
  // training goes on to the saved step budget; config() is the checkpoint's once
  // runStarted arrives. A missing, corrupt or foreign checkpoint arrives like any other
  // start error (errorOccurred naming the file + Failed). Stops any previous run first.
  void startFromCheckpoint(const QString& checkpoint, const SessionOptions& options = {});
  void pause();
  void resume();
  // Takes exactly one step, then stays paused.
  void stepOnce();
  // Sets the flag, wakes the worker and joins its thread (within one training step).
  void stop();

  // Queued for the trainer; it applies them at the start of its next step.
  void requestChanges(const LiveChanges& changes);
  // Asks for a reconstruction snapshot as soon as the worker is between steps.
  void requestSnapshot();
  // Asks for RUN_DIR/checkpoint.ckpt as soon as the worker is between steps (also while
  // paused). Skipped when the current step is saved already or the run has no folder.
  void requestCheckpoint();
  void setSnapshotInterval(int every_steps, double every_s);

  SessionState state() const { return state_; }
  bool hasRun() const {
    return state_ == SessionState::Running || state_ == SessionState::Paused ||
           state_ == SessionState::Finished;
  }
  const TrainConfig& config() const { return config_; }
  const SessionOptions& options() const { return options_; }

 Q_SIGNALS:
  void runStarted(const rcmae::session::RunInfo& info);
  // Batches of consecutive records, oldest first (batched so the GUI gets at most ~30
  // deliveries per second however fast training runs).
  void stepRecords(const QVector<rcmae::StepRecord>& records);
  // Teacher-student gradient measurements with their per-group numbers (every
  // config.grad_sim_every steps), batched like the records and sent right after them.
  void gradSimilarity(const QVector<rcmae::GradSimilarityRecord>& records);
  void parameterChanged(const rcmae::ParameterEvent& event);
  // A quality measurement (held-out reconstruction; kNN / probe with the raw-pixel
  // baselines when it included them), taken on the worker thread between steps.
  void qualityMeasured(const rcmae::QualityRecord& record);
  void snapshotReady(const rcmae::session::SnapshotPtr& snapshot);
  void stateChanged(rcmae::session::SessionState state);
  // A problem the user must see: `title` is short ("Training paused"), `message` says what
  // happened and what to do.
  void errorOccurred(const QString& title, const QString& message);
  void stopped();

 private:
  void setState(SessionState state);
  void launch(TrainingWorker* worker, const SessionOptions& options);
  void onWorkerStarted(const RunInfo& info);
  void onWorkerPaused(const QString& reason, bool budget_spent);
  void onWorkerFailed(const QString& title, const QString& message, bool fatal);

  TrainConfig config_;
  SessionOptions options_;
  SessionState state_ = SessionState::Idle;
  std::shared_ptr<WorkerControl> control_;
  QThread* thread_ = nullptr;
  TrainingWorker* worker_ = nullptr;
};

}  // namespace rcmae::session
