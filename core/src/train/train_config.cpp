#include "rcmae/train/train_config.h"

#include <cmath>
#include <sstream>

#include "rcmae/model/kernel_choice.h"
#include "rcmae/model/mask_strategy_name.h"

namespace rcmae {

std::string to_string(TeacherMode mode) {
  switch (mode) {
    case TeacherMode::Mae:
      return "mae";
    case TeacherMode::RcMae:
      return "rcmae";
    case TeacherMode::RcMaeD:
      return "rcmae-d";
  }
  return "rcmae";
}

std::string to_string(MomentumSchedule schedule) {
  return schedule == MomentumSchedule::Cosine ? "cosine" : "constant";
}

std::optional<TeacherMode> teacher_mode_from_string(const std::string& text) {
  if (text == "mae") return TeacherMode::Mae;
  if (text == "rcmae" || text == "rcmae-s") return TeacherMode::RcMae;
  if (text == "rcmae-d") return TeacherMode::RcMaeD;
  return std::nullopt;
}

std::optional<MomentumSchedule> momentum_schedule_from_string(const std::string& text) {
  if (text == "constant") return MomentumSchedule::Constant;
  if (text == "cosine") return MomentumSchedule::Cosine;
  return std::nullopt;
}

int64_t TrainConfig::effective_warmup() const {
  if (warmup_steps >= 0) return warmup_steps;
  return static_cast<int64_t>(std::llround(steps * 0.025));
}

namespace {

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::optional<ConfigProblem> problem(const std::string& option, const std::string& message) {
  return ConfigProblem{option, message};
}

std::optional<ConfigProblem> require_positive(const std::string& option, int value) {
  if (value > 0) return std::nullopt;
  return problem(option, "must be a positive integer, got " + std::to_string(value));
}

}  // namespace

std::optional<ConfigProblem> validate_model(const ModelConfig& m) {
  if (auto p = require_positive("--img", m.img_size)) return p;
  if (m.channels != 1 && m.channels != 3)
    return problem("--channels", "must be 1 or 3, got " + std::to_string(m.channels));
  if (auto p = require_positive("--patch", m.patch)) return p;
  if (m.img_size % m.patch != 0)
    return problem("--img", "image size " + std::to_string(m.img_size) +
                                " is not divisible by the patch size " + std::to_string(m.patch));
  if (m.num_patches() < 2)
    return problem("--patch", "gives fewer than 2 patches per image; use a smaller patch");
  for (auto [option, dim] : {std::pair{"--enc-dim", m.enc_dim}, {"--dec-dim", m.dec_dim}}) {
    if (auto p = require_positive(option, dim)) return p;
    if (dim % 4 != 0)
      return problem(option, "must be divisible by 4 for the 2-D sin-cos embedding, got " +
                                 std::to_string(dim));
  }
  if (auto p = require_positive("--enc-depth", m.enc_depth)) return p;
  if (auto p = require_positive("--dec-depth", m.dec_depth)) return p;
  if (auto p = require_positive("--enc-heads", m.enc_heads)) return p;
  if (auto p = require_positive("--dec-heads", m.dec_heads)) return p;
  if (m.enc_dim % m.enc_heads != 0)
    return problem("--enc-heads", "encoder dim " + std::to_string(m.enc_dim) +
                                      " is not divisible by " + std::to_string(m.enc_heads) +
                                      " heads");
  if (m.dec_dim % m.dec_heads != 0)
    return problem("--dec-heads", "decoder dim " + std::to_string(m.dec_dim) +
                                      " is not divisible by " + std::to_string(m.dec_heads) +
                                      " heads");
  return std::nullopt;
}

std::optional<ConfigProblem> validate(const TrainConfig& c) {
  if (auto p = validate_model(c.model)) return p;
  if (!(c.mask_ratio > 0.0 && c.mask_ratio < 1.0))
    return problem("--mask-ratio", "must be in (0, 1), got " + number(c.mask_ratio));
  int64_t kept = static_cast<int64_t>(c.model.num_patches() * (1.0 - c.mask_ratio));
  if (kept < 1 || kept >= c.model.num_patches())
    return problem("--mask-ratio", number(c.mask_ratio) + " keeps " + std::to_string(kept) +
                                       " of " + std::to_string(c.model.num_patches()) +
                                       " patches; at least one must be kept and one hidden");
  if (!(c.momentum >= 0.0 && c.momentum <= 1.0))
    return problem("--momentum", "must be in [0, 1], got " + number(c.momentum));
  if (!(c.gamma >= 0.0) || !std::isfinite(c.gamma))
    return problem("--gamma", "must be a finite number >= 0, got " + number(c.gamma));
  if (!(c.base_lr > 0.0) || !std::isfinite(c.base_lr))
    return problem("--base-lr", "must be a finite number > 0, got " + number(c.base_lr));
  if (!(c.weight_decay >= 0.0))
    return problem("--weight-decay", "must be >= 0, got " + number(c.weight_decay));
  if (c.steps < 1) return problem("--steps", "must be at least 1, got " + std::to_string(c.steps));
  if (c.warmup_steps > c.steps)
    return problem("--warmup-steps", "must not exceed --steps (" + std::to_string(c.steps) + ")");
  if (auto p = require_positive("--batch", c.batch)) return p;
  if (c.step_workers < 0)
    return problem("--step-workers", "must be >= 0 (0 = one per thread, 1 = off), got " +
                                         std::to_string(c.step_workers));
  if (c.threads < 0)
    return problem("--threads", "must be >= 0 (0 = auto), got " + std::to_string(c.threads));
  if (c.data_workers < 1)
    return problem("--workers", "must be at least 1, got " + std::to_string(c.data_workers));
  if (c.grad_sim_every < 0)
    return problem("--grad-sim-every",
                   "must be >= 0 (0 = off), got " + std::to_string(c.grad_sim_every));
  if (c.feature_pooling != "cls" && c.feature_pooling != "mean")
    return problem("--feature-pooling", "must be cls or mean, got '" + c.feature_pooling + "'");
  if (!kernels_from_string(c.kernels))
    return problem(
        "--kernels",
        "must be fused, composite or a list of attention, mlp, adamw, got '" + c.kernels + "'");
  if (!mask_strategy_from_string(c.mask_strategy))
    return problem("--mask-strategy",
                   "must be random, block or grid, got '" + c.mask_strategy + "'");
  if (c.knn_every < 0)
    return problem("--knn-every", "must be >= 0 (0 = off), got " + std::to_string(c.knn_every));
  if (c.knn_bank < 1 || c.knn_queries < 1)
    return problem("--knn-bank", "bank and query sizes must be at least 1");
  if (!(c.min_crop_scale > 0.0 && c.min_crop_scale <= 1.0))
    return problem("--crop-scale", "must be in (0, 1], got " + number(c.min_crop_scale));
  if (!(c.time_budget_s >= 0.0) || !std::isfinite(c.time_budget_s))
    return problem("--time-budget", "must be a number of seconds >= 0 (0 = train --steps), got " +
                                        number(c.time_budget_s));
  if (c.quality_bank < 1 || c.quality_queries < 1)
    return problem("--quality-bank", "bank and query sizes must be at least 1");
  if (c.device != "auto" && c.device != "cpu" && c.device != "cuda")
    return problem("--device", "must be auto, cpu or cuda, got '" + c.device + "'");
  return std::nullopt;
}

}  // namespace rcmae
