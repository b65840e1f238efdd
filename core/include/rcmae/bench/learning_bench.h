#pragma once
// The learning benchmark: what MAE and RC-MAE learn with one recipe in a given amount of
// training time. Each mode trains from the same seed into a run folder of its own; quality
// is measured at fixed training times (evaluation time is not training time), and the
// result says when each target was first reached: held-out rec_nmse <= 0.5, teacher kNN >=
// the raw-pixel kNN, probe >= the raw-pixel probe.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rcmae/train/quality_record.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

struct LearningBenchOptions {
  std::filesystem::path out_dir;      // OUT/mae and OUT/rcmae (metrics.csv, quality.csv)
  double reconstruction_every_s = 5;  // held-out reconstruction every this much training
  double representation_every_s = 0;  // kNN and probe; 0: a sixth of the time budget
  std::vector<TeacherMode> modes = {TeacherMode::Mae, TeacherMode::RcMae};
  bool show_progress = true;
};

struct LearningTargets {
  // Training seconds at the first measurement that reached the target (null: never).
  std::optional<double> nmse_half_s, knn_pixels_s, probe_pixels_s;
};

struct LearningModeResult {
  TeacherMode mode = TeacherMode::Mae;
  std::filesystem::path run_dir;
  int64_t steps = 0;
  double train_s = 0;
  std::vector<QualityRecord> quality;  // every measurement, in order
  LearningTargets targets;
  QualityRecord final_quality;
};

// The targets reached by a sequence of measurements (uses eval_nmse / eval_knn / eval_probe:
// the teacher's numbers where there is one).
LearningTargets learning_targets(const std::vector<QualityRecord>& quality);

// Trains every mode of `options` with `config` (which must have a time budget).
std::vector<LearningModeResult> run_learning_bench(const TrainConfig& config,
                                                   const LearningBenchOptions& options);

// The JSON line `rcmae bench --learning` prints last.
std::string learning_bench_json(const TrainConfig& config,
                                const std::vector<LearningModeResult>& results);

}  // namespace rcmae
