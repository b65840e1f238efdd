// rcmae finetune: the encoder and a linear head trained end to end on labelled images, top-1
// on the test split appended to finetune.csv (eval/finetune_job.h has the recipe).
//   rcmae finetune --checkpoint RUN/checkpoint.ckpt [--which teacher|student|scratch]
//   rcmae finetune --init-from model.pth [model options, e.g. --recipe research] --out DIR
//   rcmae finetune --which scratch [model options] --out DIR
// --recipe quick|full picks a fine-tuning recipe (eval/finetune_recipe.h; flags override it);
// --recipe teaching|research stays the model's shape for scratch and --init-from, which
// with --recipe full is the research encoder unless --config or a model recipe says otherwise.
// --save-model FILE.pth also writes the fine-tuned classifier for PyTorch (MAE's models_vit
// names, strict=True) and FILE.json with its settings; --pool mean|cls picks its pooling.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "finetune_recipe_flag.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/eval/finetune.h"
#include "rcmae/eval/finetune_job.h"
#include "rcmae/eval/finetune_recipe.h"
#include "rcmae/eval/finetuned_model_file.h"
#include "rcmae/run/run_files.h"
#include "rcmae/runtime/runtime.h"

namespace rcmae::cli {
namespace {

const std::set<std::string> kFinetuneOptions = {
    "--checkpoint",  "--which",         "--init-from",       "--out",
    "--epochs",      "--train-images",  "--test-images",     "--lr",
    "--layer-decay", "--warmup-epochs", "--label-smoothing", "--max-shift",
    "--no-flip",     "--quiet",         "--save-model",      "--pool",
    "--keep-tokens", "--step-workers",  "--drop-path"};

// Options a checkpoint decides (architecture, how it was trained): refused next to one.
void reject_shape_options(const ArgList& args) {
  for (const auto& name : train_option_names())
    if (name != "--dataset" && name != "--batch" && name != "--seed" && name != "--threads" &&
        name != "--step-workers" && name != "--weight-decay" && name != "--init-from" &&
        args.has(name))
      throw UsageError(name +
                       ": the checkpoint decides the architecture; drop it or use "
                       "--init-from / --which scratch without --checkpoint");
}

// The recipe's options (or the defaults), with every flag given read over them.
FinetuneOptions options_from(const ArgList& args, const std::string& which, FinetuneOptions o) {
  o.epochs = static_cast<int>(args.integer("--epochs", o.epochs));
  o.batch = static_cast<int>(args.integer("--batch", o.batch));
  o.peak_lr = args.number("--lr", o.peak_lr);
  o.layer_decay = args.number("--layer-decay", default_layer_decay(which));
  o.weight_decay = args.number("--weight-decay", o.weight_decay);
  o.warmup_epochs = args.number("--warmup-epochs", o.warmup_epochs);
  o.label_smoothing = args.number("--label-smoothing", o.label_smoothing);
  o.max_shift = static_cast<int>(args.integer("--max-shift", o.max_shift));
  o.flip = !args.has("--no-flip");
  o.keep_tokens = args.number("--keep-tokens", o.keep_tokens);
  o.drop_path = args.number("--drop-path", o.drop_path);
  o.pooling = args.text("--pool", o.pooling);
  o.step_workers = static_cast<int>(args.integer("--step-workers", o.step_workers));
  const long long seed = args.integer("--seed", 0);
  if (seed < 0) throw UsageError("--seed: must be >= 0");
  o.seed = static_cast<uint64_t>(seed);
  if (auto problem = finetune_options_problem(o)) throw UsageError(*problem);
  return o;
}

FinetuneRequest finetune_request_from(const ArgList& args, const std::string& recipe) {
  FinetuneRequest request;
  if (!recipe.empty()) apply_finetune_recipe(recipe, request);
  EncoderChoice& encoder = request.encoder;
  encoder.checkpoint = args.text("--checkpoint", "");
  encoder.init_from = args.text("--init-from", "");
  encoder.which = args.text("--which", encoder.init_from.empty() ? "auto" : "weights");
  if (!encoder.checkpoint.empty() && !encoder.init_from.empty())
    throw UsageError("--init-from: give either --checkpoint or --init-from, not both");
  if (!encoder.init_from.empty() && encoder.which != "weights")
    throw UsageError("--which: not used with --init-from (the file is the encoder)");
  if (encoder.init_from.empty() && encoder.which != "teacher" && encoder.which != "student" &&
      encoder.which != "scratch" && encoder.which != "auto")
    throw UsageError("--which: expected teacher, student or scratch, got '" + encoder.which + "'");
  if (encoder.checkpoint.empty() && encoder.init_from.empty() && encoder.which != "scratch")
    throw UsageError(
        "--checkpoint: needs RUN/checkpoint.ckpt (or --init-from model.pth, or "
        "--which scratch with model options)");
  if (!encoder.checkpoint.empty()) reject_shape_options(args);
  encoder.shape = train_config_from_args(args);
  encoder.shape.init_from.clear();  // the encoder's source is encoder.init_from
  if (encoder.which == "weights") encoder.which = "auto";
  request.dataset = args.has("--dataset") ? args.text("--dataset", "") : "";
  request.train_images = args.integer("--train-images", request.train_images);
  request.test_images = args.integer("--test-images", request.test_images);
  if (request.train_images < 1 || request.test_images < 1)
    throw UsageError("--train-images / --test-images: must be at least 1");
  request.options = options_from(args, request.encoder.which, request.options);
  request.save_model = args.text("--save-model", "");
  if (args.has("--save-model") && request.save_model.empty())
    throw UsageError("--save-model: needs a file name such as model.pth");
  return request;
}

std::filesystem::path output_folder(const ArgList& args, const FinetuneRequest& request) {
  if (args.has("--out")) return args.text("--out", "");
  if (!request.encoder.checkpoint.empty()) return request.encoder.checkpoint.parent_path();
  throw UsageError("--out: needs a folder for finetune.csv (without --checkpoint)");
}

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  char text[32];
  if (s >= 60)
    std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%llds", s);
  return text;
}

// A line every few seconds with the ETA, and one per finished epoch with its top-1.
FinetuneProgressFn progress_printer(bool quiet, int epochs) {
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [quiet, epochs, last](const FinetuneProgress& p) {
    if (quiet) return true;
    if (p.test_top1) {
      spdlog::info(
          "epoch {}/{}: train loss {:.3f}, test top-1 {:.2f}% on {} images ({} of "
          "training)",
          p.epoch, epochs, p.loss, 100 * *p.test_top1, p.test_images, duration_text(p.train_s));
      return true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::seconds(5) && p.step != 1) return true;
    *last = now;
    const double eta = p.train_s / p.step * static_cast<double>(p.total_steps - p.step);
    spdlog::info("step {}/{} (epoch {}/{}): loss {:.3f}, {} so far, ETA {}", p.step, p.total_steps,
                 p.epoch, epochs, p.loss, duration_text(p.train_s), duration_text(eta));
    return true;
  };
}

// "recipe full" when the sizes and schedule are a recipe's (flags may have changed them).
std::string recipe_label(const FinetuneRequest& request) {
  const std::string recipe = finetune_recipe_of(request);
  return recipe.empty() ? std::string("own settings") : "recipe " + recipe;
}

}  // namespace

int run_finetune(const std::vector<std::string>& given) {
  std::vector<std::string> argv = given;
  const std::string recipe = take_finetune_recipe(argv);
  std::set<std::string> switches = train_switches({"--no-flip", "--quiet"});
  ArgList args(argv, switches);
  auto known = train_option_names();
  known.insert(kFinetuneOptions.begin(), kFinetuneOptions.end());
  args.reject_unknown(known);
  const FinetuneRequest request = finetune_request_from(args, recipe);
  const auto folder = output_folder(args, request);
  const int threads = configure_threads(static_cast<int>(args.integer("--threads", 0)));
  spdlog::info(
      "fine-tuning {} ({} threads, {} worker(s), {}): {} epochs of {} labelled images, batch {}, "
      "lr {}, "
      "layer decay {}",
      request.encoder.init_from.empty()
          ? request.encoder.which + " of " +
                (request.encoder.checkpoint.empty() ? std::string("a fresh initialisation")
                                                    : request.encoder.checkpoint.string())
          : request.encoder.init_from.string(),
      threads,
      finetune_workers(request.options, request.options.batch,
                       resolve_device(request.encoder.shape.device)),

      recipe_label(request), request.options.epochs, request.train_images, request.options.batch,
      request.options.peak_lr, request.options.layer_decay);
  const FinetuneReport report =
      run_finetune(request, progress_printer(args.has("--quiet"), request.options.epochs));
  record_finetune(report, folder);
  const auto csv = folder / run_files::kFinetune;
  std::printf(
      "fine-tuned %s (%s, step %lld) on %s: top-1 %.2f%% on %lld test images after %lld "
      "steps (%s of training); row added to %s, its test images to %s\n",
      report.init.c_str(), report.source.empty() ? "fresh" : report.source.c_str(),
      static_cast<long long>(report.checkpoint_step), report.dataset.c_str(),
      100 * report.result.top1, static_cast<long long>(report.test_images),
      static_cast<long long>(report.result.steps), duration_text(report.result.train_s).c_str(),
      csv.string().c_str(), run_files::kFinetuneItems);
  if (!report.saved_model.empty())
    std::printf("model saved to %s (settings in %s)\n", report.saved_model.string().c_str(),
                model_info_path(report.saved_model).string().c_str());
  return 0;
}

}  // namespace rcmae::cli
