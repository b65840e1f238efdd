#include "train_options.h"

#include "rcmae/data/data_error.h"
#include "rcmae/data/dataset_spec.h"
#include "rcmae/model/model_config.h"
#include "rcmae/train/recipe.h"

namespace rcmae::cli {

const std::set<std::string>& train_option_names() {
  static const std::set<std::string> names = {
      "--dataset", "--preset", "--mode", "--steps", "--batch", "--mask-ratio", "--momentum",
      "--momentum-schedule", "--gamma", "--base-lr", "--weight-decay", "--warmup-steps",
      "--seed", "--threads", "--workers", "--img", "--channels", "--patch", "--enc-dim",
      "--enc-depth", "--enc-heads", "--dec-dim", "--dec-depth", "--dec-heads",
      "--no-norm-pix", "--norm-pix", "--device", "--grad-sim-every", "--feature-pooling", "--kernels", "--mask-strategy",
      "--knn-every", "--knn-bank", "--knn-queries", "--recipe", "--time-budget", "--crop-scale", "--no-quality",
      "--quality-bank", "--quality-queries"};
  return names;
}

std::set<std::string> train_switches(std::set<std::string> extra) {
  extra.insert({"--no-norm-pix", "--norm-pix", "--no-quality"});
  return extra;
}

namespace {
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

int as_int(const ArgList& args, const std::string& key, int fallback) {
  return static_cast<int>(args.integer(key, fallback));
}
}  // namespace

TrainConfig train_config_from_args(const ArgList& args) {
  TrainConfig c;
  // A recipe sets everything it names first; every flag below overrides it.
  if (args.has("--recipe")) {
    const std::string name = args.text("--recipe", "");
    auto recipe = apply_recipe(name, c);
    if (!recipe)
      throw UsageError("--recipe: unknown recipe '" + name + "' (choose one of " +
                       joined(recipe_names()) + ")");
    c = *recipe;
  }
  ModelConfig shape = c.model;
  shape.img_size = as_int(args, "--img", shape.img_size);
  shape.channels = as_int(args, "--channels", shape.channels);
  shape.patch = as_int(args, "--patch", shape.patch);
  c.model = shape;
  if (args.has("--preset") || c.recipe.empty()) {
    c.preset = args.text("--preset", c.preset);
    auto model = apply_preset(c.preset, shape);
    if (!model)
      throw UsageError("--preset: unknown preset '" + c.preset + "' (choose one of " +
                       joined(preset_names()) + ")");
    c.model = *model;
  }
  c.model.enc_dim = as_int(args, "--enc-dim", c.model.enc_dim);
  c.model.enc_depth = as_int(args, "--enc-depth", c.model.enc_depth);
  c.model.enc_heads = as_int(args, "--enc-heads", c.model.enc_heads);
  c.model.dec_dim = as_int(args, "--dec-dim", c.model.dec_dim);
  c.model.dec_depth = as_int(args, "--dec-depth", c.model.dec_depth);
  c.model.dec_heads = as_int(args, "--dec-heads", c.model.dec_heads);
  if (args.has("--no-norm-pix")) c.model.norm_pix_loss = false;
  if (args.has("--norm-pix")) c.model.norm_pix_loss = true;

  c.dataset = args.text("--dataset", c.dataset);
  try {
    parse_dataset_spec(c.dataset);
  } catch (const DataError&) {
    throw UsageError("--dataset: unknown dataset '" + c.dataset +
                     "' (synthetic, fashion-mnist[:DIR], mnist:DIR, cifar10:DIR, folder:DIR)");
  }
  const std::string mode = args.text("--mode", to_string(c.mode));
  auto parsed_mode = teacher_mode_from_string(mode);
  if (!parsed_mode) throw UsageError("--mode: unknown mode '" + mode + "' (mae, rcmae, rcmae-d)");
  c.mode = *parsed_mode;
  const std::string schedule = args.text("--momentum-schedule", to_string(c.momentum_schedule));
  auto parsed_schedule = momentum_schedule_from_string(schedule);
  if (!parsed_schedule)
    throw UsageError("--momentum-schedule: unknown schedule '" + schedule + "' (constant, cosine)");
  c.momentum_schedule = *parsed_schedule;
  c.steps = args.integer("--steps", c.steps);
  c.batch = as_int(args, "--batch", c.batch);
  c.mask_ratio = args.number("--mask-ratio", c.mask_ratio);
  c.momentum = args.number("--momentum", c.momentum);
  c.gamma = args.number("--gamma", c.gamma);
  c.base_lr = args.number("--base-lr", c.base_lr);
  c.weight_decay = args.number("--weight-decay", c.weight_decay);
  c.warmup_steps = args.integer("--warmup-steps", c.warmup_steps);
  const long long seed = args.integer("--seed", 0);
  if (seed < 0) throw UsageError("--seed: must be >= 0, got " + std::to_string(seed));
  c.seed = static_cast<uint64_t>(seed);
  c.threads = as_int(args, "--threads", c.threads);
  c.data_workers = as_int(args, "--workers", c.data_workers);
  c.device = args.text("--device", c.device);
  c.grad_sim_every = as_int(args, "--grad-sim-every", c.grad_sim_every);
  c.feature_pooling = args.text("--feature-pooling", c.feature_pooling);
  c.kernels = args.text("--kernels", c.kernels);
  c.mask_strategy = args.text("--mask-strategy", c.mask_strategy);
  c.knn_every = as_int(args, "--knn-every", c.knn_every);
  c.knn_bank = as_int(args, "--knn-bank", c.knn_bank);
  c.knn_queries = as_int(args, "--knn-queries", c.knn_queries);
  c.time_budget_s = args.number("--time-budget", c.time_budget_s);
  c.min_crop_scale = args.number("--crop-scale", c.min_crop_scale);
  if (args.has("--no-quality")) c.quality = false;
  c.quality_bank = as_int(args, "--quality-bank", c.quality_bank);
  c.quality_queries = as_int(args, "--quality-queries", c.quality_queries);
  if (auto problem = validate(c)) throw UsageError(problem->to_string());
  return c;
}

const char* train_options_help() {
  return R"(Model and training options (train, bench):
  --recipe NAME           teaching | research: a measured CPU recipe (docs/LEARNING.md) that sets
                          dataset, widths, patch, targets, batch, lr, warmup, momentum, steps and
                          time budget; flags override what it sets
  --dataset SPEC          synthetic (default) | fashion-mnist[:DIR] | mnist:DIR | cifar10:DIR | folder:DIR
  --preset NAME           micro | tiny (default) | small | base
  --img N --channels C --patch P   image size (32), channels (1 or 3; 3), patch (4)
  --enc-dim/--enc-depth/--enc-heads, --dec-dim/--dec-depth/--dec-heads   override the preset
  --no-norm-pix           plain pixel targets instead of per-patch normalised ones
  --norm-pix              per-patch normalised targets (the default without a recipe)
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
  --seed S                seed for weights, masks and data order (0)
  --threads T             intra-op threads (0 = all physical cores)
  --workers W             data loading threads (1)
  --crop-scale S          smallest area fraction RandomResizedCrop keeps, in (0, 1] (0.2)
  --device D              auto (default) | cpu | cuda
  --grad-sim-every K      measure teacher-student gradient similarity every K steps (0 = off)
  --feature-pooling P     cls (default) | mean: encoder features compared across batches
  --mask-strategy S       random (MAE, default) | block (contiguous BEiT-style regions) | grid
                          (regular); same hidden count at any --mask-ratio
  --kernels K             fused (default: the project's attention kernel) | composite (stock
                          ATen ops; for A/B timing, docs/PERFORMANCE.md)
  --knn-every N           kNN accuracy (k=20, T=0.07) of student and teacher every N steps and at
                          the end, on labelled datasets (0 = off); --knn-bank 2000 --knn-queries 1000
  --no-quality            do not measure quality (quality.csv: held-out reconstruction error and
                          kNN / linear probe against raw pixels, at most 5 % of training time);
                          --quality-bank 10000 --quality-queries 2000
)";
}

}  // namespace rcmae::cli
