#include "rcmae/train/recipe.h"

namespace rcmae {
namespace {

// Fashion-MNIST as the Debian package installs it: 28 px grey, patch 4 = 7 x 7 = 49 tokens.
void fashion_mnist_shape(TrainConfig& c) {
  c.dataset = "fashion-mnist";
  c.model.img_size = 28;
  c.model.channels = 1;
  c.model.patch = 4;
}

void model_widths(ModelConfig& m, int enc_dim, int enc_depth, int enc_heads, int dec_dim,
                  int dec_depth, int dec_heads) {
  m.enc_dim = enc_dim;
  m.enc_depth = enc_depth;
  m.enc_heads = enc_heads;
  m.dec_dim = dec_dim;
  m.dec_depth = dec_depth;
  m.dec_heads = dec_heads;
}

// Reconstructions a lecture can watch form: a narrow, shallow ViT that takes ~7 steps a
// second on 2 cores, pixel targets (what is drawn is what is predicted), and an lr far above
// the large-batch rule (docs/LEARNING.md has the measurements behind each number).
TrainConfig teaching(TrainConfig c) {
  fashion_mnist_shape(c);
  c.preset = "recipe";
  model_widths(c.model, 128, 4, 4, 64, 2, 4);
  c.model.norm_pix_loss = false;
  c.mode = TeacherMode::RcMae;
  c.mask_ratio = 0.75;
  c.batch = 128;
  c.base_lr = 2e-3;  // peak lr 1e-3 at batch 128
  c.warmup_steps = 50;
  c.weight_decay = 0.05;
  c.momentum = 0.99;  // the teacher averages ~100 steps: it keeps up within a minute
  c.momentum_schedule = MomentumSchedule::Constant;
  c.steps = 3000;
  c.time_budget_s = 0;
  return c;
}

// Features for MAE vs RC-MAE studies: wider and deeper, a 10-minute budget the schedules fit.
TrainConfig research(TrainConfig c) {
  fashion_mnist_shape(c);
  c.preset = "recipe";
  model_widths(c.model, 192, 6, 6, 128, 2, 4);
  c.model.norm_pix_loss = false;
  c.mode = TeacherMode::RcMae;
  c.mask_ratio = 0.75;
  c.batch = 128;
  c.base_lr = 2e-3;
  c.warmup_steps = 100;
  c.weight_decay = 0.05;
  c.momentum = 0.996;
  c.momentum_schedule = MomentumSchedule::Constant;
  c.steps = 4000;  // refitted to the time budget as the run measures its step time
  c.time_budget_s = 600;
  return c;
}

}  // namespace

std::vector<std::string> recipe_names() { return {"teaching", "research"}; }

std::optional<TrainConfig> apply_recipe(const std::string& name, TrainConfig base) {
  TrainConfig c;
  if (name == "teaching")
    c = teaching(std::move(base));
  else if (name == "research")
    c = research(std::move(base));
  else
    return std::nullopt;
  c.recipe = name;
  return c;
}

std::string recipe_description(const std::string& name) {
  if (name == "teaching")
    return "Teaching: small RC-MAE on Fashion-MNIST, pixel targets; garments recognisable "
           "within a minute on 2 cores";
  if (name == "research")
    return "Research: larger RC-MAE on Fashion-MNIST, 10-minute time budget; for MAE vs RC-MAE "
           "and feature quality against raw pixels";
  return {};
}

}  // namespace rcmae
