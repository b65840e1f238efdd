#include "controls/recipe_choice.h"

#include <QDir>
#include <cmath>

#include "rcmae/model/model_config.h"
#include "rcmae/train/recipe.h"

namespace rcmae::ui {
namespace {

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

bool same_model(const ModelConfig& a, const ModelConfig& b) {
  return a.img_size == b.img_size && a.channels == b.channels && a.patch == b.patch &&
         a.enc_dim == b.enc_dim && a.enc_depth == b.enc_depth && a.enc_heads == b.enc_heads &&
         a.dec_dim == b.dec_dim && a.dec_depth == b.dec_depth && a.dec_heads == b.dec_heads &&
         a.mlp_ratio == b.mlp_ratio && a.norm_pix_loss == b.norm_pix_loss;
}

}  // namespace

bool fashion_mnist_available() { return QDir("/usr/share/datasets/fashion-mnist").exists(); }

TrainConfig window_recipe(const std::string& name, const TrainConfig& base) {
  auto recipe = apply_recipe(name, base);
  if (!recipe) return base;
  // Same shape (28 px grey, patch 4) and widths on the procedural images: a classroom
  // without the dataset package still sees the method work.
  if (recipe->dataset == "fashion-mnist" && !fashion_mnist_available())
    recipe->dataset = "synthetic";
  return *recipe;
}

bool follows_recipe(const TrainConfig& config) {
  if (config.recipe.empty()) return false;
  if (!apply_recipe(config.recipe, config)) return false;
  return same_training(window_recipe(config.recipe, config), config);
}

bool matches_preset(const std::string& preset, const ModelConfig& model) {
  const auto named = apply_preset(preset, model);
  return named && named->enc_dim == model.enc_dim && named->enc_depth == model.enc_depth &&
         named->enc_heads == model.enc_heads && named->dec_dim == model.dec_dim &&
         named->dec_depth == model.dec_depth && named->dec_heads == model.dec_heads;
}

bool same_training(const TrainConfig& a, const TrainConfig& b) {
  return a.preset == b.preset && same_model(a.model, b.model) && a.dataset == b.dataset &&
         a.mode == b.mode && close(a.mask_ratio, b.mask_ratio) && close(a.momentum, b.momentum) &&
         a.momentum_schedule == b.momentum_schedule && close(a.gamma, b.gamma) &&
         close(a.base_lr, b.base_lr) && close(a.weight_decay, b.weight_decay) &&
         a.warmup_steps == b.warmup_steps && a.steps == b.steps && a.batch == b.batch &&
         a.seed == b.seed && a.threads == b.threads && a.step_workers == b.step_workers &&
         a.data_workers == b.data_workers && close(a.min_crop_scale, b.min_crop_scale) &&
         a.device == b.device && a.grad_sim_every == b.grad_sim_every &&
         a.feature_pooling == b.feature_pooling && a.knn_every == b.knn_every &&
         a.knn_bank == b.knn_bank && a.knn_queries == b.knn_queries &&
         close(a.time_budget_s, b.time_budget_s) && a.quality == b.quality &&
         a.quality_bank == b.quality_bank && a.quality_queries == b.quality_queries;
}

}  // namespace rcmae::ui
