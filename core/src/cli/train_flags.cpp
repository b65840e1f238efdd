#include "rcmae/cli/train_flags.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <vector>

#include "rcmae/data/data_error.h"
#include "rcmae/data/dataset_spec.h"
#include "rcmae/io/train_config_json.h"
#include "rcmae/model/model_config.h"
#include "rcmae/train/recipe.h"
#include "rcmae/util/strings.h"

namespace rcmae::cli {
namespace {

// How a flag's text becomes its JSON value; On / Off take no value.
enum class Kind { Integer, WholeNumber, Number, Text, On, Off };

struct TrainFlag {
  const char* name;
  const char* json_pointer;  // into the codec's JSON (rcmae/io/train_config_json.h)
  Kind kind;
};

// Every training flag and the configuration field it sets. Parsing a flag writes its value
// into the configuration's JSON, which the codec reads back: the flags cannot map a field
// differently from config.json.
const std::vector<TrainFlag>& train_flags() {
  static const std::vector<TrainFlag> table = {
      {"--recipe", "/recipe", Kind::Text},
      {"--preset", "/preset", Kind::Text},
      {"--dataset", "/dataset", Kind::Text},
      {"--img", "/model/img_size", Kind::Integer},
      {"--channels", "/model/channels", Kind::Integer},
      {"--patch", "/model/patch", Kind::Integer},
      {"--enc-dim", "/model/enc_dim", Kind::Integer},
      {"--enc-depth", "/model/enc_depth", Kind::Integer},
      {"--enc-heads", "/model/enc_heads", Kind::Integer},
      {"--dec-dim", "/model/dec_dim", Kind::Integer},
      {"--dec-depth", "/model/dec_depth", Kind::Integer},
      {"--dec-heads", "/model/dec_heads", Kind::Integer},
      {"--mlp-ratio", "/model/mlp_ratio", Kind::Integer},
      {"--norm-pix", "/model/norm_pix_loss", Kind::On},
      {"--no-norm-pix", "/model/norm_pix_loss", Kind::Off},
      {"--mode", "/mode", Kind::Text},
      {"--mask-ratio", "/mask_ratio", Kind::Number},
      {"--mask-strategy", "/mask_strategy", Kind::Text},
      {"--momentum", "/momentum", Kind::Number},
      {"--momentum-schedule", "/momentum_schedule", Kind::Text},
      {"--gamma", "/gamma", Kind::Number},
      {"--base-lr", "/base_lr", Kind::Number},
      {"--weight-decay", "/weight_decay", Kind::Number},
      {"--warmup-steps", "/warmup_steps", Kind::Integer},
      {"--steps", "/steps", Kind::Integer},
      {"--batch", "/batch", Kind::Integer},
      {"--time-budget", "/time_budget_s", Kind::Number},
      {"--seed", "/seed", Kind::WholeNumber},
      {"--threads", "/threads", Kind::Integer},
      {"--workers", "/data_workers", Kind::Integer},
      {"--step-workers", "/step_workers", Kind::Integer},
      {"--crop-scale", "/min_crop_scale", Kind::Number},
      {"--device", "/device", Kind::Text},
      {"--kernels", "/kernels", Kind::Text},
      {"--grad-sim-every", "/grad_sim_every", Kind::Integer},
      {"--feature-pooling", "/feature_pooling", Kind::Text},
      {"--knn-every", "/knn_every", Kind::Integer},
      {"--knn-bank", "/knn_bank", Kind::Integer},
      {"--knn-queries", "/knn_queries", Kind::Integer},
      {"--no-quality", "/quality", Kind::Off},
      {"--quality-bank", "/quality_bank", Kind::Integer},
      {"--quality-queries", "/quality_queries", Kind::Integer},
      {"--init-from", "/init_from", Kind::Text},
  };
  return table;
}

nlohmann::json flag_value(const ArgList& args, const TrainFlag& flag) {
  switch (flag.kind) {
    case Kind::Integer:
      return args.integer(flag.name, 0);
    case Kind::WholeNumber:
      return args.whole_number(flag.name, 0);
    case Kind::Number:
      return args.number(flag.name, 0);
    case Kind::Text:
      return args.text(flag.name, "");
    case Kind::On:
      return true;
    case Kind::Off:
      return false;
  }
  return nullptr;
}

// The flags given, written over `config`.
TrainConfig with_flags(const ArgList& args, const TrainConfig& config) {
  nlohmann::json json = to_json(config);
  for (const TrainFlag& flag : train_flags())
    if (args.has(flag.name))
      json[nlohmann::json::json_pointer(flag.json_pointer)] = flag_value(args, flag);
  return train_config_from_json(json, config);
}

// Names the codec would refuse without saying which flag gave them.
void check_names(const ArgList& args) {
  const std::string mode = args.text("--mode", "rcmae");
  if (!teacher_mode_from_string(mode))
    throw UsageError("--mode: unknown mode '" + mode + "' (mae, rcmae, rcmae-d)");
  const std::string schedule = args.text("--momentum-schedule", "constant");
  if (!momentum_schedule_from_string(schedule))
    throw UsageError("--momentum-schedule: unknown schedule '" + schedule + "' (constant, cosine)");
}

void check_dataset(const std::string& dataset) {
  try {
    parse_dataset_spec(dataset);
  } catch (const DataError&) {
    throw UsageError("--dataset: unknown dataset '" + dataset +
                     "' (synthetic, fashion-mnist[:DIR], mnist:DIR, cifar10:DIR, folder:DIR)");
  }
}

// A warmup the flags did not set (a recipe's, a --config file's, the window's session) that
// the steps no longer hold is shortened to a fifth of the run, and the log says so. A fifth
// keeps the schedule's shape (a ramp, then the cosine decay over the rest), and as a share
// of the run it is longer than the recipes' own warmups (teaching 50 of 3000 steps, research
// 200 of 5000): a short run still ramps into their high peak lr. A --warmup-steps the user
// gave is theirs, and validate() still refuses it when it exceeds the steps.
void fit_warmup_to_steps(const ArgList& args, TrainConfig& c) {
  if (args.has("--warmup-steps") || c.warmup_steps <= c.steps || c.steps < 1) return;
  const int64_t fitted = c.steps / 5;
  spdlog::info("{} warmup {} steps shortened to {} for a {}-step run",
               c.recipe.empty() ? "configured" : "recipe", c.warmup_steps, fitted, c.steps);
  c.warmup_steps = fitted;
}

TrainConfig read_config_file(const std::string& path, const TrainConfig& defaults) {
  std::ifstream in(path);
  if (!in) throw UsageError("--config: cannot read '" + path + "'");
  try {
    return train_config_from_json(nlohmann::json::parse(in), defaults);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError("--config " + path + ": not JSON (" + e.what() + ")");
  } catch (const ConfigJsonError& e) {
    throw UsageError("--config " + path + ": " + e.what());
  }
}

}  // namespace

const std::set<std::string>& train_option_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> all = {"--config"};
    for (const TrainFlag& flag : train_flags()) all.insert(flag.name);
    return all;
  }();
  return names;
}

std::set<std::string> train_switches(std::set<std::string> extra) {
  for (const TrainFlag& flag : train_flags())
    if (flag.kind == Kind::On || flag.kind == Kind::Off) extra.insert(flag.name);
  return extra;
}

std::string train_flag_json_pointer(const std::string& name) {
  for (const TrainFlag& flag : train_flags())
    if (name == flag.name) return flag.json_pointer;
  return "";
}

TrainConfig train_config_start(const ArgList& args, const TrainConfig& defaults) {
  TrainConfig c =
      args.has("--config") ? read_config_file(args.text("--config", ""), defaults) : defaults;
  if (!args.has("--recipe")) return c;
  const std::string name = args.text("--recipe", "");
  auto recipe = apply_recipe(name, c);
  if (!recipe)
    throw UsageError("--recipe: unknown recipe '" + name + "' (choose one of " +
                     joined(recipe_names()) + ")");
  return *recipe;
}

TrainConfig apply_train_flags(const ArgList& args, const TrainConfig& start) {
  check_names(args);
  TrainConfig c = with_flags(args, start);
  if (args.has("--preset")) {
    // The preset's widths at the shape the flags give; width flags then override them.
    auto model = apply_preset(c.preset, c.model);
    if (!model)
      throw UsageError("--preset: unknown preset '" + c.preset + "' (choose one of " +
                       joined(preset_names()) + ")");
    c.model = *model;
    c = with_flags(args, c);
  }
  check_dataset(c.dataset);
  fit_warmup_to_steps(args, c);
  if (auto problem = validate(c)) throw UsageError(problem->to_string());
  return c;
}

TrainConfig train_config_from_args(const ArgList& args, const TrainConfig& defaults) {
  return apply_train_flags(args, train_config_start(args, defaults));
}

const char* train_options_help() {
  return R"(Model and training options (train, bench, sweep, export, import; the workbench too):
  --config FILE.json      start from this configuration (a run folder's config.json works as
                          it is); --recipe and every flag given override what it sets
  --recipe NAME           teaching | research: a measured CPU recipe (docs/LEARNING.md) that sets
                          dataset, widths, patch, targets, batch, lr, warmup, momentum, steps and
                          time budget; flags override what it sets
  --dataset SPEC          synthetic (default) | fashion-mnist[:DIR] | mnist:DIR | cifar10:DIR | folder:DIR
  --preset NAME           micro | tiny (default) | small | base
  --img N --channels C --patch P   image size (32), channels (1 or 3; 3), patch (4)
  --enc-dim/--enc-depth/--enc-heads, --dec-dim/--dec-depth/--dec-heads   override the preset
  --mlp-ratio R           MLP width as a multiple of the block width (4)
  --no-norm-pix           plain pixel targets instead of per-patch normalised ones
  --norm-pix              per-patch normalised targets (the default without a recipe)
  --init-from FILE        start the weights from a state dict (public MAE names) instead of
                          the seed's initialisation; a file without a decoder starts it fresh
  --mode MODE             mae | rcmae (EMA teacher, same mask; default) | rcmae-d (own mask)
  --mask-ratio R          fraction of patches hidden, in (0,1) (0.75)
  --momentum M            EMA momentum m0 in [0,1] (0.996)
  --momentum-schedule S   constant (default) | cosine (m0 -> 1 over the run)
  --gamma G               weight of the consistency loss (1.0)
  --base-lr LR            lr = base-lr * batch / 256 (1.5e-4)
  --weight-decay W        AdamW weight decay (0.05)
  --warmup-steps W        linear warmup steps (default 2.5% of --steps)
  --steps N --batch B     optimiser steps (1000) and images per step (128)
  --time-budget SECONDS   train for this much training time; --steps is refitted to the measured
                          step time so the schedules end with the budget (0 = off)
  --seed S                seed for weights, masks and data order (0; up to 2^64 - 1)
  --threads T             intra-op threads (0 = auto: the physical cores; with
                          --step-workers 1 the count whose steps are fastest, timed)
  --workers W             data loading threads (1)
  --step-workers N        split each step's batch over N single-threaded workers (0 = auto,
                          the default: one per thread, 16 images each at least; 1 = off)
  --crop-scale S          smallest area fraction RandomResizedCrop keeps, in (0, 1] (0.2)
  --device D              auto (default) | cpu | cuda
  --grad-sim-every K      measure teacher-student gradient similarity every K steps (0 = off)
  --feature-pooling P     cls (default) | mean: encoder features compared across batches
  --mask-strategy S       random (MAE, default) | block (contiguous BEiT-style regions) | grid
                          (regular); same hidden count at any --mask-ratio
  --kernels K             fused (default: the project's attention and AdamW kernels) |
                          composite (stock ATen ops) | a list of attention, mlp, adamw (A/B
                          timing one kernel at a time; mlp is opt-in, docs/PERFORMANCE.md)
  --knn-every N           kNN accuracy (k=20, T=0.07) of student and teacher every N steps and at
                          the end, on labelled datasets (0 = off); --knn-bank 2000 --knn-queries 1000
  --no-quality            do not measure quality (quality.csv: held-out reconstruction error and
                          kNN / linear probe against raw pixels, at most 5 % of training time);
                          --quality-bank 10000 --quality-queries 2000
)";
}

}  // namespace rcmae::cli
