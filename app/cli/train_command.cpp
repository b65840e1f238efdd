// rcmae train: one headless run into an output folder.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "commands.h"
#include "dist_options.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/run/run_files.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/headless_run.h"
#include "rcmae/util/stop_signals.h"
#include "resume_flags.h"

namespace rcmae::cli {

int run_train(const std::vector<std::string>& argv) {
  ArgList args(argv, train_switches({"--quiet"}));
  auto known = train_option_names();
  known.insert({"--out", "--quiet", "--log-every", "--checkpoint-every", "--checkpoint-every-s",
                "--resume", "--stop-at"});
  known.insert(dist_option_names().begin(), dist_option_names().end());
  args.reject_unknown(known);
  // Data parallel: rendezvous first, so a missing peer or a busy port fails before any work.
  const auto dist = dist_options_from(args);
  std::unique_ptr<DataParallel> data_parallel;
  if (dist) {
    spdlog::set_pattern("[%Y-%m-%d %H:%M:%S.%e] [rank " + std::to_string(dist->rank) +
                        "] [%^%l%$] %v");
  }
  const std::string resume = args.text("--resume", "");
  TrainConfig config =
      resume.empty() ? train_config_from_args(args) : read_checkpoint_config(resume);
  LiveChanges resume_changes;
  if (!resume.empty()) {
    config.steps = args.integer("--steps", config.steps);
    resume_changes = apply_resume_flags(args, config);  // refuses a flag that changes the run
  }
  if (dist && config.time_budget_s > 0)
    throw UsageError(
        "--time-budget: not for data-parallel runs (each rank would fit its own "
        "schedule to its own clock); use --steps");
  HeadlessRunOptions options;
  options.out_dir = args.text("--out", "runs/" + to_string(config.mode) + "-" + config.preset);
  options.show_progress = !args.has("--quiet");
  options.log_every = static_cast<int>(args.integer("--log-every", 0));
  options.checkpoint_every = args.integer("--checkpoint-every", 0);
  options.checkpoint_every_s = args.number("--checkpoint-every-s", options.checkpoint_every_s);
  if (options.checkpoint_every_s < 0) throw UsageError("--checkpoint-every-s: must be >= 0");
  options.resume_from = resume;
  options.resume_changes = resume_changes;
  options.stop_at = args.integer("--stop-at", 0);
  if (!resume.empty() && !args.has("--out"))
    options.out_dir = std::filesystem::absolute(resume).parent_path();
  if (dist) {
    // Ranks on one machine share its cores: --threads 0 means a share, not all of them.
    const char* local_world = std::getenv("LOCAL_WORLD_SIZE");
    if (config.threads == 0 && local_world && std::atoi(local_world) > 1)
      config.threads = std::max(1, physical_core_count() / std::atoi(local_world));
    data_parallel = std::make_unique<DataParallel>(*dist);
    options.data_parallel = data_parallel.get();
    options.show_progress = options.show_progress && dist->rank == 0;
  }
  // SIGTERM / SIGINT / SIGHUP: stop after the step in progress and checkpoint it.
  install_stop_signals();
  options.stop_requested = [] { return stop_signal_received() != 0; };
  HeadlessRunResult result = run_headless(config, options);
  if (result.stopped) {
    const int signal_number = stop_signal_received();
    if (dist && dist->rank != 0) return 128 + signal_number;
    std::printf("stopped by %s after step %lld; continue with: rcmae train --resume %s\n",
                stop_signal_name(signal_number), static_cast<long long>(result.steps),
                (options.out_dir / rcmae::run_files::kCheckpoint).c_str());
    return 128 + signal_number;  // the shell's convention for "ended by this signal"
  }
  if (dist) {
    std::printf("rank %d of %d: parameter hash %016llx, loss averaged over ranks\n", dist->rank,
                dist->world_size, static_cast<unsigned long long>(result.parameter_hash));
    if (dist->rank != 0) return 0;
  }
  std::printf(
      "done: %lld steps, loss %.4f -> %.4f (rec %.4f, cons %.5f), %.0f images/s, run in %s\n",
      static_cast<long long>(result.steps), result.first_loss, result.last.loss,
      result.last.loss_rec, result.last.loss_cons, result.last.images_per_s,
      options.out_dir.c_str());
  return 0;
}

}  // namespace rcmae::cli
