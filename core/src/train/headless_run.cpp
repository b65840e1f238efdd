#include "rcmae/train/headless_run.h"

#include <spdlog/spdlog.h>

#include <optional>

#include "rcmae/data/source_factory.h"
#include "rcmae/dist/data_parallel.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/io/snapshot_io.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/demo_batch.h"
#include "rcmae/train/trainer.h"
#include "rcmae/train/training_data.h"
#include "rcmae/train/training_loop.h"
#include "rcmae/util/progress_bar.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {
// The reconstruction of the demo batch (the window's 8 images and mask) at the last step,
// as RUN_DIR/snapshots/step_N.snap: the Runs tab and the PDF report show it. A failure is
// logged; the run is saved already.
void save_last_snapshot(Trainer& trainer, const fs::path& out_dir) {
  constexpr int kDemoImages = 8;  // as many as the window shows
  try {
    const DemoBatch demo = load_demo_batch(trainer.config(), trainer.data().info(), kDemoImages);
    const ReconstructionSnapshot snapshot =
        trainer.reconstruct(demo.images, demo_mask_seed(trainer.config()));
    QString error;
    if (!save_run_snapshot(out_dir, snapshot, &error))
      spdlog::warn("last reconstruction snapshot not saved: {}", error.toStdString());
  } catch (const std::exception& error) {
    spdlog::warn("last reconstruction snapshot not saved: {}", error.what());
  }
}

// What the command line adds to the loop: a progress bar, a log line every --log-every
// steps, the caller's stop requests and early stopping.
class HeadlessObserver : public TrainingObserver {
 public:
  HeadlessObserver(const Trainer& trainer, const HeadlessRunOptions& options)
      : trainer_(trainer),
        options_(options),
        progress_(trainer.config().steps, trainer.steps_done()) {}

  bool before_step() override { return !options_.stop_requested || !options_.stop_requested(); }

  void step_recorded(const StepRecord& record) override {
    char detail[96];
    std::snprintf(detail, sizeof detail, "loss %.4f  %.0f img/s", record.loss, record.images_per_s);
    progress_.set_total(trainer_.config().steps);  // a time budget refits it as the run goes
    if (options_.show_progress) progress_.update(record.step, detail);
    if (options_.log_every > 0 && record.step % options_.log_every == 0)
      spdlog::info("step {} loss {:.4f} rec {:.4f} cons {:.5f} lr {:.2e}", record.step, record.loss,
                   record.loss_rec, record.loss_cons, record.lr);
  }

  // A run without a window has nobody to warn: a checkpoint it cannot write ends it.
  void checkpoint_failed(const fs::path& file, const std::string& reason) override {
    throw std::runtime_error("cannot write " + file.string() + ": " + reason);
  }

  bool after_step(const StepRecord& record) override {
    return options_.after_step && options_.after_step(record);
  }

  void finish() {
    if (options_.show_progress) progress_.finish();
  }

 private:
  const Trainer& trainer_;
  const HeadlessRunOptions& options_;
  ProgressBar progress_;
};

}  // namespace

HeadlessRunResult run_headless(const TrainConfig& config, const HeadlessRunOptions& options) {
  if (auto problem = validate(config)) throw std::invalid_argument(problem->to_string());
  const bool resuming = !options.resume_from.empty();
  // Data parallel: rank 0 alone writes the run folder (and checkpoints).
  DataParallel* const dp = options.data_parallel;
  std::optional<RunFolder> writer;
  const bool forking = options.fork.has_value();
  if (!dp || dp->rank() == 0)
    writer.emplace(options.out_dir,
                   resuming && !forking);  // fail on an unwritable folder before any work
  RunFolder* const folder = writer ? &*writer : nullptr;
  const int threads = configure_threads(config.threads);
  Trainer trainer(config, open_batch_source(data_options_for(config)));
  if (resuming) {
    load_checkpoint(trainer, options.resume_from);
    if (forking) trainer.continue_as_fork(options.fork->total_steps, options.fork->reseed);
    if (!options.resume_changes.empty()) trainer.request_changes(options.resume_changes);
    if (folder && !forking) folder->continue_from(trainer.steps_done(), options.resume_from);
    spdlog::info("{} from {} at step {}", forking ? "forked" : "resumed",
                 options.resume_from.string(), trainer.steps_done());
  }
  if (dp) dp->attach(trainer);  // same weights everywhere, sharded batches, gradient all-reduce
  if (folder) {
    folder->write_config(config, trainer.data().info(), threads,
                         forking ? options.fork->lineage_json : "");
    if (forking) folder->append_fork_event(trainer.steps_done(), options.fork->lineage_json);
  }

  TrainingLoopOptions loop_options;
  loop_options.folder = folder;
  loop_options.data_parallel = dp;
  loop_options.checkpoint_every = options.checkpoint_every;
  loop_options.checkpoint_every_s = options.checkpoint_every_s;
  loop_options.saved_step = resuming ? trainer.steps_done() : -1;
  loop_options.stop_at = options.stop_at;
  if (options.quality_reconstruction_every_s > 0 && options.quality_representation_every_s > 0)
    loop_options.quality_schedule = QualitySchedule::every(options.quality_reconstruction_every_s,
                                                           options.quality_representation_every_s);
  if (options.quality_reconstruction_every_steps > 0) {
    loop_options.quality_schedule =
        QualitySchedule::every_steps(options.quality_reconstruction_every_steps);
    loop_options.keep_step_items = true;
  }
  HeadlessObserver observer(trainer, options);
  TrainingLoop loop(trainer, observer, loop_options);
  spdlog::info(
      "training {} ({}), {} on {}, {} steps of {} images, {} threads, {} step worker(s) -> {}",
      config.preset, to_string(config.mode), config.dataset, trainer.device().str(), config.steps,
      config.batch, threads, trainer.step_worker_count(), options.out_dir.string());

  loop.begin();
  HeadlessRunResult result;
  result.stopped = loop.run() == TrainingLoop::Ending::StopRequested;
  observer.finish();
  if (result.stopped) {
    loop.save_checkpoint();  // first: the time left before a shutdown's SIGKILL may be short
    spdlog::info("stopped at step {} as asked; checkpoint {}", trainer.steps_done(),
                 folder ? loop.checkpoint_file().string() : "written by rank 0");
  } else {
    loop.measure_final();
  }
  static_cast<TrainingOutcome&>(result) = loop.outcome();
  if (dp) {
    result.parameter_hash = parameter_hash(trainer);
    spdlog::info("parameter hash {:016x} after step {}", result.parameter_hash,
                 trainer.steps_done());
    dp->check_same(result.parameter_hash, "the student and teacher parameters");
  }
  if (!result.stopped) loop.save_checkpoint();  // the end state, for resuming or exporting
  if (folder) save_last_snapshot(trainer, options.out_dir);
  if (dp) dp->finish();
  return result;
}

}  // namespace rcmae
