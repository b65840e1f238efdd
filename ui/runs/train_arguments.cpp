#include "runs/train_arguments.h"

namespace rcmae::ui {
namespace {

QString number(double value) { return QString::number(value, 'g', 17); }
QString text(const std::string& value) { return QString::fromStdString(value); }

}  // namespace

QStringList train_arguments(const TrainConfig& c) {
  const ModelConfig& m = c.model;
  // The preset (or the recipe a run started from; "recipe" and "custom" are no preset) first,
  // then every model field explicitly: a hand-edited shape survives.
  QStringList args;
  if (apply_preset(c.preset, m))
    args << "--preset" << text(c.preset);
  else if (!c.recipe.empty())
    args << "--recipe" << text(c.recipe);
  args << QStringList{
      "--dataset", text(c.dataset), "--mode", text(to_string(c.mode)),
      "--steps", QString::number(c.steps), "--batch", QString::number(c.batch),
      "--mask-ratio", number(c.mask_ratio), "--momentum", number(c.momentum),
      "--momentum-schedule", text(to_string(c.momentum_schedule)), "--gamma", number(c.gamma),
      "--base-lr", number(c.base_lr), "--weight-decay", number(c.weight_decay),
      "--seed", QString::number(c.seed),
      "--threads", QString::number(c.threads), "--workers", QString::number(c.data_workers),
      "--img", QString::number(m.img_size), "--channels", QString::number(m.channels),
      "--patch", QString::number(m.patch), "--enc-dim", QString::number(m.enc_dim),
      "--enc-depth", QString::number(m.enc_depth), "--enc-heads", QString::number(m.enc_heads),
      "--dec-dim", QString::number(m.dec_dim), "--dec-depth", QString::number(m.dec_depth),
      "--dec-heads", QString::number(m.dec_heads), "--device", text(c.device),
      "--grad-sim-every", QString::number(c.grad_sim_every),
      "--feature-pooling", text(c.feature_pooling), "--knn-every", QString::number(c.knn_every),
      "--knn-bank", QString::number(c.knn_bank), "--knn-queries", QString::number(c.knn_queries),
      "--mask-strategy", text(c.mask_strategy), "--kernels", text(c.kernels)};
  // -1 (2.5 % of the steps) is the CLI's default too; a negative number would read as a flag.
  if (c.warmup_steps >= 0) args << "--warmup-steps" << QString::number(c.warmup_steps);
  // Either way explicitly: which target is the default depends on the recipe.
  args << (m.norm_pix_loss ? "--norm-pix" : "--no-norm-pix");
  args << "--crop-scale" << number(c.min_crop_scale);
  // Every value a recipe sets is passed too, so the child trains the same.
  if (c.time_budget_s > 0) args << "--time-budget" << number(c.time_budget_s);
  if (c.quality)
    args << "--quality-bank" << QString::number(c.quality_bank) << "--quality-queries"
         << QString::number(c.quality_queries);
  else
    args << "--no-quality";
  return args;
}

}  // namespace rcmae::ui
