// rcmae train: one headless run into an output folder.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "arg_list.h"
#include "commands.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/train/headless_run.h"
#include "train_options.h"

namespace rcmae::cli {

int run_train(const std::vector<std::string>& argv) {
  ArgList args(argv, {"--no-norm-pix", "--quiet"});
  auto known = train_option_names();
  known.insert({"--out", "--quiet", "--log-every", "--checkpoint-every", "--resume",
                "--stop-at"});
  args.reject_unknown(known);
  const std::string resume = args.text("--resume", "");
  TrainConfig config = resume.empty() ? train_config_from_args(args) : read_checkpoint_config(resume);
  if (!resume.empty()) config.steps = args.integer("--steps", config.steps);
  HeadlessRunOptions options;
  options.out_dir = args.text("--out", "runs/" + to_string(config.mode) + "-" + config.preset);
  options.show_progress = !args.has("--quiet");
  options.log_every = static_cast<int>(args.integer("--log-every", 0));
  options.checkpoint_every = args.integer("--checkpoint-every", 0);
  options.resume_from = resume;
  options.stop_at = args.integer("--stop-at", 0);
  if (!resume.empty() && !args.has("--out"))
    options.out_dir = std::filesystem::absolute(resume).parent_path();
  HeadlessRunResult result = run_headless(config, options);
  std::printf("done: %lld steps, loss %.4f -> %.4f (rec %.4f, cons %.5f), %.0f images/s, run in %s\n",
              static_cast<long long>(result.steps), result.first_loss, result.last.loss,
              result.last.loss_rec, result.last.loss_cons, result.last.images_per_s,
              options.out_dir.c_str());
  return 0;
}

}  // namespace rcmae::cli
