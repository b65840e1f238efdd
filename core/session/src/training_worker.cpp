#include "training_worker.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <chrono>

#include "rcmae/data/data_error.h"
#include "rcmae/data/source_factory.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/io/snapshot_io.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/demo_batch.h"
#include "rcmae/train/trainer.h"
#include "rcmae/train/training_data.h"
#include "rcmae/train/training_loop.h"

namespace rcmae::session {
namespace {

double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

QString run_folder_name(const TrainConfig& config) {
  return QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss") + "-" +
         QString::fromStdString(to_string(config.mode));
}

// A fresh folder under `root`: never reuse one, two runs started in the same second get
// a numeric suffix.
QString unique_run_dir(const QString& root, const TrainConfig& config) {
  const QString base = QDir(root).filePath(run_folder_name(config));
  QString candidate = base;
  for (int i = 2; QDir(candidate).exists(); ++i) candidate = base + "-" + QString::number(i);
  return candidate;
}

// Torch errors carry a C++ backtrace in what(); the user needs only the first line.
QString short_message(const std::exception& error) {
  if (auto* c10_error = dynamic_cast<const c10::Error*>(&error))
    return QString::fromStdString(c10_error->what_without_backtrace()).section('\n', 0, 0);
  return QString::fromUtf8(error.what());
}

}  // namespace

struct TrainingWorker::Engine {
  std::unique_ptr<Trainer> trainer;
  std::unique_ptr<RunFolder> folder;   // null: the session writes no run folder
  std::unique_ptr<TrainingLoop> loop;  // after `trainer` and `folder`: it points into both
  torch::Tensor demo_images;
};

TrainingWorker::TrainingWorker(TrainConfig config, SessionOptions options,
                               std::shared_ptr<WorkerControl> control, QString resume_from)
    : config_(std::move(config)),
      options_(std::move(options)),
      control_(std::move(control)),
      resume_from_(std::move(resume_from)) {}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run() {
  if (setUp()) {
    loop();
    saveCheckpoint();  // stopped (stop, reset, window closed): keep what was trained
    saveLastSnapshot();
  }
  flushRecords();
  engine_.reset();  // free the model in the thread that built it
  Q_EMIT finished();
  QThread::currentThread()->quit();
}

bool TrainingWorker::setUp() {
  engine_ = std::make_unique<Engine>();
  RunInfo info;
  try {
    // A resumed run trains the checkpoint's configuration, threads included.
    if (!resume_from_.isEmpty()) config_ = read_checkpoint_config(resume_from_.toStdString());
    info.threads = configure_threads(config_.threads);
    buildTrainer();
    DemoBatch demo = load_demo_batch(config_, engine_->trainer->data().info(), options_.demo_count);
    engine_->demo_images = demo.images;
    info.demo_source = QString::fromStdString(demo.source);
    openRunFolder(info);
    startLoop();
  } catch (const CheckpointError& error) {  // its message names the file
    Q_EMIT failed("Cannot continue from the checkpoint", short_message(error), true);
    return false;
  } catch (const DataError& error) {
    Q_EMIT failed("Cannot open the dataset", short_message(error), true);
    return false;
  } catch (const std::invalid_argument& error) {
    Q_EMIT failed("Invalid settings", short_message(error), true);
    return false;
  } catch (const std::exception& error) {
    Q_EMIT failed("Cannot start training", short_message(error), true);
    return false;
  }
  const DatasetInfo& data_info = engine_->trainer->data().info();
  info.config = config_;
  info.resumed_step = resume_from_.isEmpty() ? 0 : last_step_;
  info.dataset_name = QString::fromStdString(data_info.name);
  info.dataset_size = data_info.train_size;
  info.device = QString::fromStdString(engine_->trainer->device().str());
  info.step_workers = engine_->trainer->step_worker_count();
  spdlog::info("run started: {} ({}) on {} [{} train images], {} threads, {} step worker(s){}{}",
               config_.preset, to_string(config_.mode), data_info.name, data_info.train_size,
               info.threads, info.step_workers, info.run_dir.isEmpty() ? "" : " -> ",
               info.run_dir.toStdString());
  Q_EMIT runStarted(info);
  takeSnapshot();          // step 0 (or the resumed step): what the model makes of the demo batch
  engine_->loop->begin();  // the held-out error the run starts from
  return true;
}

// A fresh trainer, or one restored from the checkpoint (weights, optimiser, schedules,
// RNG states, data position), exactly as `rcmae train --resume` restores it.
void TrainingWorker::buildTrainer() {
  engine_->trainer =
      std::make_unique<Trainer>(config_, open_batch_source(data_options_for(config_)));
  if (resume_from_.isEmpty()) return;
  load_checkpoint(*engine_->trainer, resume_from_.toStdString());
  last_step_ = engine_->trainer->steps_done();
}

// A fresh run gets a new folder under runs_root (none when it is empty); a resumed run goes
// on in the checkpoint's own folder, without the rows a stopped process logged past it.
void TrainingWorker::openRunFolder(RunInfo& info) {
  const DatasetInfo& data = engine_->trainer->data().info();
  if (resume_from_.isEmpty()) {
    if (options_.runs_root.isEmpty()) return;
    info.run_dir = unique_run_dir(options_.runs_root, config_);
    engine_->folder = std::make_unique<RunFolder>(info.run_dir.toStdString());
  } else {
    info.run_dir = QFileInfo(resume_from_).absolutePath();
    engine_->folder = std::make_unique<RunFolder>(info.run_dir.toStdString(), /*resume=*/true);
    engine_->folder->continue_from(last_step_, resume_from_.toStdString());
  }
  engine_->folder->write_config(config_, data, info.threads);
}

// The loop every run trains through, with this worker as its observer. The folder's
// checkpoint holds the resumed step already; a fresh run's untrained model is not worth one.
void TrainingWorker::startLoop() {
  TrainingLoopOptions loop_options;
  loop_options.folder = engine_->folder.get();
  loop_options.checkpoint_every_s = options_.checkpoint_every_s;
  loop_options.saved_step = last_step_;
  engine_->loop = std::make_unique<TrainingLoop>(*engine_->trainer, *this, loop_options);
}

void TrainingWorker::serveRequests() {
  if (control_->take_snapshot_request()) takeSnapshot();
  if (control_->take_checkpoint_request()) saveCheckpoint();
}

void TrainingWorker::waitForWork() {
  flushRecords();  // whatever is buffered must reach the GUI before we sleep
  control_->wait_for_work(std::chrono::milliseconds(200));
}

// The loop steps until the budget is spent or Stop; a step that fails pauses the run (the
// loop has recorded the error) and the user may go on from there.
void TrainingWorker::loop() {
  while (!control_->stop_requested()) {
    try {
      if (engine_->loop->run() == TrainingLoop::Ending::BudgetSpent) {
        reachBudget();
        waitForStop();
      }
    } catch (const TrainingError& error) {
      pauseForError("Training paused: the loss is not finite", short_message(error));
    } catch (const DataError& error) {
      pauseForError("Training paused: bad data", short_message(error));
    } catch (const std::exception& error) {  // c10::Error included
      pauseForError("Training paused: the engine reported an error", short_message(error));
    }
  }
}

// A finished run answers snapshot and checkpoint requests until it is stopped.
void TrainingWorker::waitForStop() {
  while (!control_->stop_requested()) {
    serveRequests();
    waitForWork();
  }
}

// Pause lives here, between steps and outside the trainer's step time, so paused time never
// counts as training time (wall_s, time budget, checkpoint period).
bool TrainingWorker::before_step() {
  for (;;) {
    serveRequests();
    if (control_->stop_requested()) return false;
    const StepClaim claim = control_->claim_step();
    if (claim != StepClaim::None) {
      single_step_ = claim == StepClaim::SingleStep;
      break;
    }
    waitForWork();
  }
  forwardLiveChanges();
  return true;
}

void TrainingWorker::parameter_changed(const ParameterEvent& event) {
  Q_EMIT parameterChanged(event);
}

// Queued before the step's record so that one flush carries both.
void TrainingWorker::grad_similarity_measured(const GradSimilarityRecord& record) {
  grad_outbox_.push_back(record);
}

void TrainingWorker::step_recorded(const StepRecord& record) {
  last_step_ = record.step;
  // The trainer keeps the live values; mirror them so snapshots and the budget agree.
  config_ = engine_->trainer->config();
  outbox_.push_back(record);
  // A heartbeat in the log panel: enough to follow a run, too rare to cost anything.
  if (record.step % 50 == 0)
    spdlog::info("step {}: loss {:.4f} (rec {:.4f}, cons {:.5f}), lr {:.2e}, {:.0f} img/s",
                 record.step, record.loss, record.loss_rec, record.loss_cons, record.lr,
                 record.images_per_s);
  if (now_s() - last_flush_s_ >= options_.record_flush_s) flushRecords();
}

void TrainingWorker::quality_measured(const QualityRecord& record) {
  flushRecords();  // the records up to this step arrive first
  Q_EMIT qualityMeasured(record);
}

// A failed save (disk full, folder gone) is the user's to know, not a reason to stop training.
void TrainingWorker::checkpoint_failed(const std::filesystem::path& file,
                                       const std::string& reason) {
  Q_EMIT warned("Checkpoint not saved",
                QString("Could not write %1 (%2). The previous checkpoint, if any, is unchanged.")
                    .arg(QString::fromStdString(file.string()), QString::fromStdString(reason)));
}

bool TrainingWorker::measurement_cancelled() { return control_->stop_requested(); }

bool TrainingWorker::after_step(const StepRecord&) {
  maybeSnapshot(single_step_);  // a single step always shows its effect
  return false;
}

// The budget is spent: the run pauses for good, and its end state is measured and saved
// before the session hears of it (whoever reacts to Finished finds the checkpoint in place).
void TrainingWorker::reachBudget() {
  control_->pause_itself();
  flushRecords();
  maybeSnapshot(true);
  engine_->loop->measure_final();
  saveCheckpoint();
  saveLastSnapshot();
  spdlog::info("step budget of {} reached", config_.steps);
  Q_EMIT pausedItself(QString("Step budget of %1 reached").arg(config_.steps), true);
}

void TrainingWorker::saveCheckpoint() {
  if (engine_ && engine_->loop) engine_->loop->save_checkpoint();
}

// RUN_DIR/snapshots/step_N.snap of the last step trained, so the Runs tab and the PDF
// report show what the run reconstructs. A failure is logged: the run itself is saved.
void TrainingWorker::saveLastSnapshot() {
  if (!engine_ || !engine_->folder) return;
  if (!last_snapshot_ || last_snapshot_->step != last_step_) takeSnapshot();
  if (!last_snapshot_ || last_snapshot_->step == saved_snapshot_step_) return;
  QString error;
  if (save_run_snapshot(engine_->folder->path(), *last_snapshot_, &error))
    saved_snapshot_step_ = last_snapshot_->step;
  else
    spdlog::warn("last reconstruction snapshot not saved: {}", error.toStdString());
}

void TrainingWorker::forwardLiveChanges() {
  const LiveChanges changes = control_->take_changes();
  if (!changes.empty()) engine_->trainer->request_changes(changes);
}

void TrainingWorker::flushRecords() {
  last_flush_s_ = now_s();
  // Records first: the GUI places a measurement using the record of its step.
  if (!outbox_.isEmpty()) {
    Q_EMIT stepRecords(outbox_);
    outbox_.clear();
  }
  if (!grad_outbox_.isEmpty()) {
    Q_EMIT gradSimilarity(grad_outbox_);
    grad_outbox_.clear();
  }
}

// Snapshots every N steps are what the user asked for. The extra ones taken because time
// passed (slow steps) keep the view alive but must not slow training down noticeably: they
// wait at least kTimedSnapshotCostShare⁻¹ times as long as a snapshot takes.
void TrainingWorker::maybeSnapshot(bool force) {
  if (last_step_ == last_snapshot_step_) return;
  constexpr double kTimedSnapshotCostShare = 0.01;
  const int every = std::max(1, control_->snapshot_every_steps());
  const double every_s =
      std::max(control_->snapshot_every_s(), snapshot_cost_s_ / kTimedSnapshotCostShare);
  const bool due_by_steps = last_step_ - last_snapshot_step_ >= every;
  const bool due_by_time =
      control_->snapshot_every_s() > 0 && now_s() - last_snapshot_s_ >= every_s;
  if (force || due_by_steps || due_by_time) takeSnapshot();
}

void TrainingWorker::takeSnapshot() {
  if (!engine_ || !engine_->trainer || !engine_->demo_images.defined()) return;
  try {
    const double started = now_s();
    auto snapshot = std::make_shared<ReconstructionSnapshot>(
        engine_->trainer->reconstruct(engine_->demo_images, demo_mask_seed(config_)));
    last_snapshot_step_ = snapshot->step;
    last_snapshot_ = snapshot;
    flushRecords();  // records up to this step arrive before the snapshot that shows it
    Q_EMIT snapshotReady(SnapshotPtr(std::move(snapshot)));
    last_snapshot_s_ = now_s();
    snapshot_cost_s_ = last_snapshot_s_ - started;
  } catch (const std::exception& error) {
    spdlog::warn("reconstruction snapshot failed: {}", short_message(error).toStdString());
    last_snapshot_step_ = last_step_;
  }
}

// The loop has recorded the error in events.jsonl; the user decides how to go on.
void TrainingWorker::pauseForError(const QString& title, const QString& message) {
  control_->pause_itself();
  flushRecords();
  spdlog::error("{}: {}", title.toStdString(), message.toStdString());
  Q_EMIT failed(title, message, false);
}

}  // namespace rcmae::session
