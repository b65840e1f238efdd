// rcmae bench: timed training steps (or the data pipeline alone), one JSON line at the end.
#include <cstdio>

#include "arg_list.h"
#include "commands.h"
#include "rcmae/bench/train_bench.h"
#include "rcmae/runtime/runtime.h"
#include "train_options.h"

namespace rcmae::cli {

int run_bench(const std::vector<std::string>& argv) {
  ArgList args(argv, {"--no-norm-pix", "--data-only"});
  auto known = train_option_names();
  known.insert({"--warmup", "--data-only"});
  args.reject_unknown(known);
  TrainConfig config = train_config_from_args(args);
  const long long steps = args.integer("--steps", 20);
  const long long warmup = args.integer("--warmup", 3);
  if (steps < 1) throw UsageError("--steps: must be at least 1");
  if (warmup < 0) throw UsageError("--warmup: must be >= 0");
  const int threads = configure_threads(config.threads);
  std::fprintf(stderr, "bench: %s %s img %d patch %d batch %d, %d threads, %lld steps after %lld warm-up\n",
               config.preset.c_str(), to_string(config.mode).c_str(), config.model.img_size,
               config.model.patch, config.batch, threads, steps, warmup);
  TrainBenchResult result = run_train_bench(config, warmup, steps);
  std::printf("%s\n", to_json_line(result, config).c_str());
  return 0;
}

}  // namespace rcmae::cli
