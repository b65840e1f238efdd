// rcmae bench: timed training steps (or the data pipeline alone), one JSON line at the end.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "rcmae/bench/data_bench.h"
#include "rcmae/bench/kernel_bench.h"
#include "rcmae/bench/learning_bench.h"
#include "rcmae/bench/train_bench.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/training_data.h"

namespace rcmae::cli {

namespace {

// The input pipeline alone: decode + augment + batch, as fast as it goes.
int run_data_only(const TrainConfig& config) {
  const DataOptions data = data_options_for(config);
  const DataBenchResult result = run_data_bench(data);
  std::fprintf(stderr, "%s\n", to_string(result).c_str());
  std::printf("%s\n", nlohmann::json{{"dataset", config.dataset},
                                     {"img", config.model.img_size},
                                     {"channels", config.model.channels},
                                     {"batch", config.batch},
                                     {"workers", config.data_workers},
                                     {"open_s", result.open_s},
                                     {"images_per_s", result.images_per_s},
                                     {"window_images_per_s", result.window_images_per_s}}
                          .dump()
                          .c_str());
  return 0;
}

// MAE and RC-MAE on one recipe for a time budget; quality at fixed training times.
int run_learning(const TrainConfig& config, const ArgList& args) {
  LearningBenchOptions options;
  options.out_dir = args.text(
      "--out", "runs/learning-" + (config.recipe.empty() ? std::string("custom") : config.recipe));
  options.reconstruction_every_s = args.number("--eval-every", options.reconstruction_every_s);
  options.representation_every_s = args.number("--probe-every", options.representation_every_s);
  if (!(options.reconstruction_every_s > 0)) throw UsageError("--eval-every: must be > 0 seconds");
  if (options.representation_every_s < 0) throw UsageError("--probe-every: must be >= 0 seconds");
  if (!(config.time_budget_s > 0))
    throw UsageError("--time-budget: the learning benchmark trains for a time budget (seconds)");
  if (args.has("--modes")) {
    options.modes.clear();
    std::stringstream names(args.text("--modes", ""));
    for (std::string name; std::getline(names, name, ',');) {
      const auto mode = teacher_mode_from_string(name);
      if (!mode) throw UsageError("--modes: unknown mode '" + name + "' (mae, rcmae, rcmae-d)");
      options.modes.push_back(*mode);
    }
  }
  const auto results = run_learning_bench(config, options);
  for (const auto& r : results) {
    const QualityRecord& q = r.final_quality;
    std::fprintf(stderr,
                 "%-7s %6lld steps in %5.0f s: rec_nmse %.3f, kNN %.1f%%, probe %.1f%% "
                 "(raw pixels %.1f%% / %.1f%%)\n",
                 to_string(r.mode).c_str(), static_cast<long long>(r.steps), r.train_s,
                 q.eval_nmse(), 100 * q.eval_knn(), 100 * q.eval_probe(), 100 * q.pixel_knn,
                 100 * q.pixel_probe);
  }
  std::printf("%s\n", learning_bench_json(config, results).c_str());
  return 0;
}

}  // namespace

int run_bench(const std::vector<std::string>& argv) {
  ArgList args(argv, train_switches({"--data-only", "--learning", "--kernels-alone"}));
  auto known = train_option_names();
  known.insert({"--warmup", "--data-only", "--learning", "--kernels-alone", "--out", "--eval-every",
                "--probe-every", "--modes", "--profile", "--vs-kernels"});
  args.reject_unknown(known);
  TrainConfig config = train_config_from_args(args);
  const long long steps = args.integer("--steps", 20);
  const long long warmup = args.integer("--warmup", 3);
  if (steps < 1) throw UsageError("--steps: must be at least 1");
  if (warmup < 0) throw UsageError("--warmup: must be >= 0");
  const int threads = configure_threads(config.threads);
  if (args.has("--data-only")) return run_data_only(config);
  if (args.has("--learning")) return run_learning(config, args);
  if (args.has("--kernels-alone")) {
    std::printf("%s\n", kernel_bench_json(run_kernel_bench(config, int(steps)), threads).c_str());
    return 0;
  }
  if (args.has("--vs-kernels")) {
    const auto result = run_kernel_ab(config, args.text("--vs-kernels", ""), warmup, steps);
    std::printf("%s\n", to_json_line(result, config).c_str());
    return 0;
  }
  std::fprintf(stderr,
               "bench: %s %s img %d patch %d batch %d, %d threads, %lld steps after %lld warm-up\n",
               config.preset.c_str(), to_string(config.mode).c_str(), config.model.img_size,
               config.model.patch, config.batch, threads, steps, warmup);
  TrainBenchResult result = run_train_bench(config, warmup, steps, args.text("--profile", ""));
  std::printf("%s\n", to_json_line(result, config).c_str());
  return 0;
}

}  // namespace rcmae::cli
