#include "rcmae/session/training_session.h"

#include <spdlog/spdlog.h>

#include <QCoreApplication>
#include <QThread>

#include "training_worker.h"

namespace rcmae::session {

QString to_display_string(SessionState state) {
  switch (state) {
    case SessionState::Idle:
      return "Idle";
    case SessionState::Running:
      return "Running";
    case SessionState::Paused:
      return "Paused";
    case SessionState::Finished:
      return "Finished";
    case SessionState::Failed:
      return "Failed";
  }
  return "?";
}

void register_session_types() {
  static const bool done = [] {
    qRegisterMetaType<StepRecord>();
    qRegisterMetaType<QVector<StepRecord>>();
    qRegisterMetaType<ParameterEvent>();
    qRegisterMetaType<GradSimilarityRecord>();
    qRegisterMetaType<QVector<GradSimilarityRecord>>();
    qRegisterMetaType<QualityRecord>();
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<RunInfo>();
    qRegisterMetaType<SessionState>();
    return true;
  }();
  (void)done;
}

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) { register_session_types(); }

TrainingSession::~TrainingSession() { stop(); }

void TrainingSession::start(const TrainConfig& config, const SessionOptions& options) {
  stop();
  config_ = config;
  control_ = std::make_shared<WorkerControl>();
  launch(new TrainingWorker(config, options, control_), options);
}

void TrainingSession::startFromCheckpoint(const QString& checkpoint,
                                          const SessionOptions& options) {
  stop();  // saves the running run's checkpoint first: it may be the one to continue
  control_ = std::make_shared<WorkerControl>();
  launch(new TrainingWorker(config_, options, control_, checkpoint), options);
}

// Runs `worker` (built on control_) on a fresh thread.
void TrainingSession::launch(TrainingWorker* worker, const SessionOptions& options) {
  options_ = options;
  if (options.start_paused) control_->pause();
  control_->set_snapshot_interval(options.snapshot_every_steps, options.snapshot_every_s);

  thread_ = new QThread(this);
  thread_->setObjectName("rcmae-trainer");
  worker_ = worker;
  worker_->moveToThread(thread_);
  // Every worker signal crosses threads, so these are queued: slots run in the GUI thread.
  connect(worker_, &TrainingWorker::runStarted, this, &TrainingSession::onWorkerStarted);
  connect(worker_, &TrainingWorker::stepRecords, this, &TrainingSession::stepRecords);
  connect(worker_, &TrainingWorker::gradSimilarity, this, &TrainingSession::gradSimilarity);
  connect(worker_, &TrainingWorker::parameterChanged, this, &TrainingSession::parameterChanged);
  connect(worker_, &TrainingWorker::qualityMeasured, this, &TrainingSession::qualityMeasured);
  connect(worker_, &TrainingWorker::snapshotReady, this, &TrainingSession::snapshotReady);
  connect(worker_, &TrainingWorker::pausedItself, this, &TrainingSession::onWorkerPaused);
  connect(worker_, &TrainingWorker::failed, this, &TrainingSession::onWorkerFailed);
  connect(worker_, &TrainingWorker::warned, this, &TrainingSession::errorOccurred);
  connect(thread_, &QThread::started, worker_, &TrainingWorker::run);
  connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_->start();
  setState(options.start_paused ? SessionState::Paused : SessionState::Running);
}

void TrainingSession::pause() {
  if (!control_ || state_ != SessionState::Running) return;
  control_->pause();
  setState(SessionState::Paused);
}

void TrainingSession::resume() {
  if (!control_ || state_ != SessionState::Paused) return;
  control_->resume();
  setState(SessionState::Running);
}

void TrainingSession::stepOnce() {
  if (!control_ || state_ != SessionState::Paused) return;
  control_->request_step();
}

void TrainingSession::stop() {
  if (!thread_) return;
  control_->request_stop();
  thread_->quit();  // takes effect once run() returns: the worker only checks flags
  thread_->wait();
  // Deliver what the worker queued before it ended (last records, snapshot) to our
  // receivers now, while they still belong to this run.
  QCoreApplication::sendPostedEvents(this);
  delete thread_;
  thread_ = nullptr;
  worker_ = nullptr;  // deleted by deleteLater on QThread::finished or with the thread
  control_.reset();
  if (state_ != SessionState::Failed) setState(SessionState::Idle);
  Q_EMIT stopped();
}

void TrainingSession::requestChanges(const LiveChanges& changes) {
  if (!control_ || changes.empty()) return;
  control_->post_changes(changes);
}

void TrainingSession::requestSnapshot() {
  if (!control_) return;
  control_->request_snapshot();
}

void TrainingSession::requestCheckpoint() {
  if (!control_) return;
  control_->request_checkpoint();
}

void TrainingSession::setSnapshotInterval(int every_steps, double every_s) {
  options_.snapshot_every_steps = every_steps;
  options_.snapshot_every_s = every_s;
  if (!control_) return;
  control_->set_snapshot_interval(every_steps, every_s);
}

void TrainingSession::setState(SessionState state) {
  if (state_ == state) return;
  state_ = state;
  Q_EMIT stateChanged(state);
}

// A resumed run's configuration is only known once the worker has read its checkpoint;
// reset() starts that configuration again.
void TrainingSession::onWorkerStarted(const RunInfo& info) {
  config_ = info.config;
  Q_EMIT runStarted(info);
}

void TrainingSession::onWorkerPaused(const QString& reason, bool budget_spent) {
  Q_UNUSED(reason);
  if (!control_) return;
  setState(budget_spent ? SessionState::Finished : SessionState::Paused);
}

void TrainingSession::onWorkerFailed(const QString& title, const QString& message, bool fatal) {
  if (fatal) {
    setState(SessionState::Failed);
  } else if (control_) {
    setState(SessionState::Paused);
  }
  Q_EMIT errorOccurred(title, message);
}

}  // namespace rcmae::session
