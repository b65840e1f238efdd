#pragma once
// Everything that defines a training run, as plain values.
#include <cstdint>
#include <optional>
#include <string>

#include "rcmae/model/model_config.h"

namespace rcmae {

// mae: no teacher at all. rcmae: EMA teacher sees the student's mask (RC-MAE-S).
// rcmae-d: EMA teacher sees an independently drawn mask.
enum class TeacherMode { Mae, RcMae, RcMaeD };
enum class MomentumSchedule { Constant, Cosine };

std::string to_string(TeacherMode mode);
std::string to_string(MomentumSchedule schedule);
std::optional<TeacherMode> teacher_mode_from_string(const std::string& text);
std::optional<MomentumSchedule> momentum_schedule_from_string(const std::string& text);

struct TrainConfig {
  std::string preset = "tiny";
  ModelConfig model;
  std::string dataset = "synthetic";
  TeacherMode mode = TeacherMode::RcMae;
  double mask_ratio = 0.75;
  double momentum = 0.996;
  MomentumSchedule momentum_schedule = MomentumSchedule::Constant;
  double gamma = 1.0;
  double base_lr = 1.5e-4;
  double weight_decay = 0.05;
  int64_t warmup_steps = -1;  // -1: 2.5 % of the steps, as 40 of 1600 epochs upstream
  int64_t steps = 1000;
  int batch = 128;
  uint64_t seed = 0;
  // 0: auto, the physical cores: one step worker each (below); when steps run whole, the step
  // loop times the intra-op thread counts up to the physical cores (governor/thread_governor).
  int threads = 0;
  int data_workers = 1;
  // Worker threads a CPU step is split over by rows, each with one intra-op thread and
  // replicas of student and teacher (docs/PERFORMANCE.md). 0: automatic, one per thread of
  // the run (`threads`, or the physical cores) with at least 16 images each; 1: off (the
  // process's intra-op threads run the whole batch); steps that measure gradient similarity
  // always run whole.
  int step_workers = 0;
  // RandomResizedCrop keeps between this fraction of the image area and all of it (MAE: 0.2).
  // Small images lose most of their content at 0.2; the recipes measure a milder crop.
  double min_crop_scale = 0.2;
  std::string device = "auto";  // auto | cpu | cuda
  // Teacher-student gradient diagnostics every k steps (0 = off: costs nothing).
  int grad_sim_every = 0;
  std::string feature_pooling = "cls";  // cls | mean: features compared across batches
  // fused (the project's attention kernel, model/fused_attention.h) | composite (stock ATen).
  std::string kernels = "fused";
  // random | block | grid: how hidden patches are chosen (model/mask_strategy.h).
  std::string mask_strategy = "random";
  // kNN accuracy of student and teacher features every N steps and at the end (0 = off).
  int knn_every = 0;
  int knn_bank = 2000;     // labelled training images in the kNN memory bank
  int knn_queries = 1000;  // test images classified
  // A state dict (public MAE names, io/mae_state_dict.h) the weights start from instead of
  // the seed's initialisation; "" = none. A file without a decoder starts the decoder fresh.
  std::string init_from;
  // The recipe the run started from ("" none, "teaching", "research"; train/recipe.h).
  std::string recipe;
  // > 0: train for this much training time (pauses and evaluations excluded); `steps` is
  // refitted to the measured step time so the lr and momentum schedules end with the budget.
  double time_budget_s = 0;
  // Quality measurements (quality.csv, eval/quality_monitor.h): held-out reconstruction
  // error and the kNN / linear probe of the frozen encoders against raw-pixel baselines,
  // scheduled to cost at most 5 % of training time.
  bool quality = true;
  int quality_bank = 10000;    // labelled training images (kNN memory, probe training set)
  int quality_queries = 2000;  // test images classified

  double peak_lr() const { return base_lr * batch / 256.0; }
  int64_t effective_warmup() const;
  bool has_teacher() const { return mode != TeacherMode::Mae; }
};

// A rejected setting: which option, and why, in words a user can act on.
struct ConfigProblem {
  std::string option;   // e.g. "--mask-ratio"
  std::string message;  // e.g. "must be in (0, 1), got 1.5"
  std::string to_string() const { return option + ": " + message; }
};

std::optional<ConfigProblem> validate_model(const ModelConfig& model);
std::optional<ConfigProblem> validate(const TrainConfig& config);

}  // namespace rcmae
