#include "rcmae/train/headless_run.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "rcmae/data/source_factory.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/trainer.h"
#include "rcmae/util/progress_bar.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {
DataOptions data_options_for(const TrainConfig& config) {
  DataOptions data;
  data.spec = config.dataset;
  data.img_size = config.model.img_size;
  data.channels = config.model.channels;
  data.batch = config.batch;
  data.seed = config.seed;
  data.workers = config.data_workers;
  return data;
}
}  // namespace

HeadlessRunResult run_headless(const TrainConfig& config, const HeadlessRunOptions& options) {
  if (auto problem = validate(config)) throw std::invalid_argument(problem->to_string());
  const bool resuming = !options.resume_from.empty();
  RunFolder folder(options.out_dir, resuming);  // fail on an unwritable folder before any work
  const int threads = configure_threads(config.threads);
  Trainer trainer(config, open_batch_source(data_options_for(config)));
  if (resuming) {
    load_checkpoint(trainer, options.resume_from);
    folder.append_event(nlohmann::json{{"step", trainer.steps_done()}, {"type", "resume"},
                                       {"checkpoint", options.resume_from.string()}}.dump());
    spdlog::info("resumed from {} at step {}", options.resume_from.string(), trainer.steps_done());
  }
  folder.write_config(config, trainer.data().info(), threads);
  const fs::path checkpoint_file = options.out_dir / "checkpoint.ckpt";
  spdlog::info("training {} ({}), {} on {}, {} steps of {} images, {} threads -> {}",
               config.preset, to_string(config.mode), config.dataset,
               trainer.device().str(), config.steps, config.batch, threads,
               options.out_dir.string());

  HeadlessRunResult result;
  ProgressBar progress(config.steps);
  const int64_t last_step =
      options.stop_at > 0 ? std::min(options.stop_at, config.steps) : config.steps;
  for (int64_t i = trainer.steps_done(); i < last_step; ++i) {
    StepRecord record;
    try {
      record = trainer.step();
    } catch (const TrainingError& error) {
      folder.append_event(nlohmann::json{{"step", i + 1}, {"type", "error"}, {"message", error.what()}}.dump());
      throw;
    }
    for (const auto& event : trainer.take_events()) folder.append_change(event);
    if (auto diagnostics = trainer.take_grad_similarity()) folder.append_grad_groups(*diagnostics);
    folder.append_metrics(record);
    if (i == 0) result.first_loss = record.loss;
    result.last = record;
    result.steps = record.step;
    char detail[96];
    std::snprintf(detail, sizeof detail, "loss %.4f  %.0f img/s", record.loss, record.images_per_s);
    if (options.show_progress) progress.update(record.step, detail);
    if (options.checkpoint_every > 0 && record.step % options.checkpoint_every == 0)
      save_checkpoint(trainer, checkpoint_file);
    if (options.log_every > 0 && record.step % options.log_every == 0)
      spdlog::info("step {} loss {:.4f} rec {:.4f} cons {:.5f} lr {:.2e}", record.step,
                   record.loss, record.loss_rec, record.loss_cons, record.lr);
  }
  if (options.show_progress) progress.finish();
  save_checkpoint(trainer, checkpoint_file);  // the end state, for resuming or exporting
  return result;
}

}  // namespace rcmae
