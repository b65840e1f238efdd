// rcmae train: one headless run into an output folder.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "arg_list.h"
#include "commands.h"
#include "rcmae/train/headless_run.h"
#include "train_options.h"

namespace rcmae::cli {

int run_train(const std::vector<std::string>& argv) {
  ArgList args(argv, {"--no-norm-pix", "--quiet"});
  auto known = train_option_names();
  known.insert({"--out", "--quiet", "--log-every"});
  args.reject_unknown(known);
  TrainConfig config = train_config_from_args(args);
  HeadlessRunOptions options;
  options.out_dir = args.text("--out", "runs/" + to_string(config.mode) + "-" + config.preset);
  options.show_progress = !args.has("--quiet");
  options.log_every = static_cast<int>(args.integer("--log-every", 0));
  HeadlessRunResult result = run_headless(config, options);
  std::printf("done: %lld steps, loss %.4f -> %.4f (rec %.4f, cons %.5f), %.0f images/s, run in %s\n",
              static_cast<long long>(result.steps), result.first_loss, result.last.loss,
              result.last.loss_rec, result.last.loss_cons, result.last.images_per_s,
              options.out_dir.c_str());
  return 0;
}

}  // namespace rcmae::cli
