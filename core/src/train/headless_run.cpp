#include "rcmae/train/headless_run.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <optional>

#include "rcmae/data/source_factory.h"
#include "rcmae/dist/data_parallel.h"
#include "rcmae/eval/knn_monitor.h"
#include "rcmae/eval/linear_probe.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/run/run_files.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/io/snapshot_io.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/demo_batch.h"
#include "rcmae/train/quality_tracker.h"
#include "rcmae/train/trainer.h"
#include "rcmae/train/training_data.h"
#include "rcmae/util/progress_bar.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {
// Scores student and teacher, records them (`folder` null: another rank records), and keeps
// the teacher's (or student's) score. In a data-parallel run every rank evaluates, as for
// quality: a rank waiting in a collective while rank 0 evaluated alone would time out.
void evaluate_knn(KnnMonitor& monitor, Trainer& trainer, RunFolder* folder,
                  HeadlessRunResult& result) {
  const auto started = std::chrono::steady_clock::now();
  const KnnScore student = monitor.evaluate(trainer.student());
  KnnScore teacher;
  if (trainer.teacher()) teacher = monitor.evaluate(trainer.teacher()->model());
  result.final_knn = trainer.teacher() ? teacher.top1 : student.top1;
  if (!folder) return;
  folder->append_knn(trainer.steps_done(), student.top1, teacher.top1, student.collapse,
                     teacher.collapse);
  spdlog::info("step {}: kNN student {:.1f}% teacher {:.1f}% (collapse gauge {:.2f}) [{:.1f} s]",
               trainer.steps_done(), 100 * student.top1, 100 * teacher.top1, student.collapse,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

// Once, at the end: a linear probe on the frozen teacher features (the student's in MAE
// mode) of the kNN bank, scored on the kNN queries.
void evaluate_probe(const KnnMonitor& monitor, Trainer& trainer, RunFolder* folder,
                    HeadlessRunResult& result) {
  const char* which = trainer.teacher() ? "teacher" : "student";
  MaeVit& model = trainer.teacher() ? trainer.teacher()->model() : trainer.student();
  result.final_probe = probe_accuracy(model, monitor.data(), monitor.options().mean_pooling);
  if (!folder) return;
  folder->append_probe(trainer.steps_done(), which, result.final_probe);
  spdlog::info("step {}: linear probe on {} features {:.1f}%", trainer.steps_done(), which,
               100 * result.final_probe);
}

// In a data-parallel run every rank measures quality at the same step, as rank 0's clock
// decides: no rank then waits in a collective (under its timeout) while another evaluates.
QualityTracker::Due agree_across_ranks(DataParallel* dp, QualityTracker::Due due) {
  if (!dp) return due;
  const bool mine = dp->rank() == 0;
  auto flags = torch::tensor({mine && due.reconstruction ? 1.0f : 0.0f,
                              mine && due.representation ? 1.0f : 0.0f});
  dp->allreduce_mean({flags});
  return {flags[0].item<float>() > 0, flags[1].item<float>() > 0};
}

void record_quality(RunFolder& folder, const QualityRecord& q) {
  folder.append_quality(q);
  std::string line = fmt::format("step {}: held-out", q.step);
  if (!std::isnan(q.student_nmse)) line += fmt::format(" rec_nmse student {:.3f}", q.student_nmse);
  if (!std::isnan(q.teacher_nmse)) line += fmt::format(" teacher {:.3f}", q.teacher_nmse);
  if (q.has_representation())
    line += fmt::format(" kNN {:.1f}% probe {:.1f}% (raw pixels {:.1f}% / {:.1f}%)",
                        100 * q.eval_knn(), 100 * q.eval_probe(), 100 * q.pixel_knn,
                        100 * q.pixel_probe);
  spdlog::info("{} [{:.1f} s]", line, q.eval_s);
}

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

}  // namespace

HeadlessRunResult run_headless(const TrainConfig& config, const HeadlessRunOptions& options) {
  if (auto problem = validate(config)) throw std::invalid_argument(problem->to_string());
  const bool resuming = !options.resume_from.empty();
  // Data parallel: rank 0 alone writes the run folder (and checkpoints).
  DataParallel* const dp = options.data_parallel;
  std::optional<RunFolder> writer;
  if (!dp || dp->rank() == 0)
    writer.emplace(options.out_dir, resuming);  // fail on an unwritable folder before any work
  RunFolder* const folder = writer ? &*writer : nullptr;
  const int threads = configure_threads(config.threads);
  Trainer trainer(config, open_batch_source(data_options_for(config)));
  if (resuming) {
    load_checkpoint(trainer, options.resume_from);
    if (!options.resume_changes.empty()) trainer.request_changes(options.resume_changes);
    if (folder) folder->continue_from(trainer.steps_done(), options.resume_from);
    spdlog::info("resumed from {} at step {}", options.resume_from.string(), trainer.steps_done());
  }
  if (dp) dp->attach(trainer);  // same weights everywhere, sharded batches, gradient all-reduce
  if (folder) folder->write_config(config, trainer.data().info(), threads);
  std::unique_ptr<KnnMonitor> knn;
  if (config.knn_every > 0) {  // every rank of a data-parallel run: see evaluate_knn
    KnnOptions knn_options;
    knn_options.bank_size = config.knn_bank;
    knn_options.query_size = config.knn_queries;
    knn_options.mean_pooling = config.feature_pooling == "mean";
    const auto& info = trainer.data().info();
    knn = std::make_unique<KnnMonitor>(config.dataset, config.model, info.mean, info.std,
                                       knn_options);
  }
  std::unique_ptr<QualityTracker> quality = QualityTracker::create(
      trainer, options.quality_reconstruction_every_s > 0 && options.quality_representation_every_s > 0
                   ? QualitySchedule::every(options.quality_reconstruction_every_s,
                                            options.quality_representation_every_s)
                   : QualitySchedule());
  const fs::path checkpoint_file = options.out_dir / run_files::kCheckpoint;
  spdlog::info("training {} ({}), {} on {}, {} steps of {} images, {} threads -> {}",
               config.preset, to_string(config.mode), config.dataset,
               trainer.device().str(), config.steps, config.batch, threads,
               options.out_dir.string());

  HeadlessRunResult result;
  ProgressBar progress(trainer.config().steps, trainer.steps_done());
  // The step budget can move: a time budget refits it as the run measures its speed.
  auto last_step = [&] {
    const int64_t steps = trainer.config().steps;
    return options.stop_at > 0 ? std::min(options.stop_at, steps) : steps;
  };
  const int64_t first_step = trainer.steps_done();  // > 0 after a resume
  auto measure_quality = [&](QualityTracker::Due due) {
    due = agree_across_ranks(dp, due);
    if (!due.any()) return;
    const QualityRecord q = quality->measure(trainer, due);
    if (folder) record_quality(*folder, q);  // rank 0 alone writes and logs
    result.quality.push_back(q);
  };
  if (quality) measure_quality(quality->due(trainer));  // where the run starts from
  // Data parallel: every rank asks every step, so all stop after the same step.
  auto stop_now = [&] {
    if (!options.stop_requested) return false;
    const bool mine = options.stop_requested();
    return dp ? dp->any_rank(mine) : mine;
  };
  double saved_train_time_s = trainer.train_time_s(), last_save_s = 0;
  int64_t saved_step = resuming ? trainer.steps_done() : -1;
  auto save = [&] {
    if (saved_step == trainer.steps_done()) return;  // --checkpoint-every saved this step
    const auto started = std::chrono::steady_clock::now();
    save_checkpoint(trainer, checkpoint_file);
    last_save_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    saved_train_time_s = trainer.train_time_s();
    saved_step = trainer.steps_done();
    spdlog::info("checkpoint at step {} in {:.2f} s", saved_step, last_save_s);
  };
  while (trainer.steps_done() < last_step()) {
    if (stop_now()) {
      result.stopped = true;
      break;
    }
    const int64_t i = trainer.steps_done();
    StepRecord record;
    try {
      record = trainer.step();
    } catch (const TrainingError& error) {
      if (folder)
        folder->append_event(nlohmann::json{{"step", i + 1}, {"type", "error"}, {"message", error.what()}}.dump());
      throw;
    }
    if (dp) dp->average_losses(record);  // the reported losses are the average over ranks
    auto events = trainer.take_events();
    auto diagnostics = trainer.take_grad_similarity();
    if (folder) {
      for (const auto& event : events) folder->append_change(event);
      if (diagnostics) folder->append_grad_groups(*diagnostics);
      folder->append_metrics(record);
    }
    if (i == first_step) result.first_loss = record.loss;
    result.last = record;
    result.steps = record.step;
    char detail[96];
    std::snprintf(detail, sizeof detail, "loss %.4f  %.0f img/s", record.loss, record.images_per_s);
    progress.set_total(trainer.config().steps);
    if (options.show_progress) progress.update(record.step, detail);
    if (quality) measure_quality(quality->due(trainer));
    if (knn && record.step % config.knn_every == 0) evaluate_knn(*knn, trainer, folder, result);
    const bool due_by_steps =
        options.checkpoint_every > 0 && record.step % options.checkpoint_every == 0;
    const bool due_by_time =
        options.checkpoint_every_s > 0 &&
        trainer.train_time_s() - saved_train_time_s >=
            checkpoint_interval_s(options.checkpoint_every_s, last_save_s);
    if (folder && (due_by_steps || due_by_time)) save();
    if (options.log_every > 0 && record.step % options.log_every == 0)
      spdlog::info("step {} loss {:.4f} rec {:.4f} cons {:.5f} lr {:.2e}", record.step,
                   record.loss, record.loss_rec, record.loss_cons, record.lr);
    if (options.after_step && options.after_step(record)) break;
  }
  if (options.show_progress) progress.finish();
  if (result.stopped) {
    if (folder) save();  // first: the time left before a shutdown's SIGKILL may be short
    spdlog::info("stopped at step {} as asked; checkpoint {}", trainer.steps_done(),
                 folder ? checkpoint_file.string() : "written by rank 0");
  } else {
    if (knn && trainer.steps_done() % config.knn_every != 0) evaluate_knn(*knn, trainer, folder, result);
    if (knn) evaluate_probe(*knn, trainer, folder, result);
    if (quality) {
      if (auto q = quality->measure_final(trainer)) {  // every rank gets here at the same step
        if (folder) record_quality(*folder, *q);
        result.quality.push_back(*q);
      }
    }
  }
  if (dp) {
    result.parameter_hash = parameter_hash(trainer);
    spdlog::info("parameter hash {:016x} after step {}", result.parameter_hash,
                 trainer.steps_done());
    dp->check_same(result.parameter_hash, "the student and teacher parameters");
  }
  if (folder && !result.stopped) save();  // the end state, for resuming or exporting
  if (folder) save_last_snapshot(trainer, options.out_dir);
  if (dp) dp->finish();
  return result;
}

}  // namespace rcmae
