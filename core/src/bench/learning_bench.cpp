#include "rcmae/bench/learning_bench.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "rcmae/train/headless_run.h"

namespace rcmae {
namespace {

nlohmann::json seconds_or_null(const std::optional<double>& seconds) {
  return seconds ? nlohmann::json(*seconds) : nlohmann::json(nullptr);
}

nlohmann::json number_or_null(double value) {
  return std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value);
}

}  // namespace

LearningTargets learning_targets(const std::vector<QualityRecord>& quality) {
  LearningTargets t;
  for (const QualityRecord& q : quality) {
    if (!t.nmse_half_s && q.eval_nmse() <= 0.5) t.nmse_half_s = q.train_s;
    if (!q.has_representation()) continue;
    if (!t.knn_pixels_s && q.eval_knn() >= q.pixel_knn) t.knn_pixels_s = q.train_s;
    if (!t.probe_pixels_s && q.eval_probe() >= q.pixel_probe) t.probe_pixels_s = q.train_s;
  }
  return t;
}

std::vector<LearningModeResult> run_learning_bench(const TrainConfig& config,
                                                   const LearningBenchOptions& options) {
  if (!(config.time_budget_s > 0))
    throw std::invalid_argument("--time-budget: the learning benchmark needs a time budget");
  std::vector<LearningModeResult> results;
  for (TeacherMode mode : options.modes) {
    TrainConfig run = config;
    run.mode = mode;
    run.quality = true;
    HeadlessRunOptions headless;
    headless.out_dir = options.out_dir / to_string(mode);
    headless.show_progress = options.show_progress;
    headless.quality_reconstruction_every_s = options.reconstruction_every_s;
    headless.quality_representation_every_s = options.representation_every_s > 0
                                                  ? options.representation_every_s
                                                  : config.time_budget_s / 6;
    spdlog::info("learning benchmark: {} for {:.0f} s of training -> {}", to_string(mode),
                 config.time_budget_s, headless.out_dir.string());
    const HeadlessRunResult run_result = run_headless(run, headless);
    LearningModeResult r;
    r.mode = mode;
    r.run_dir = headless.out_dir;
    r.steps = run_result.steps;
    r.train_s = run_result.last.wall_s;
    r.quality = run_result.quality;
    r.targets = learning_targets(r.quality);
    if (!r.quality.empty()) r.final_quality = r.quality.back();
    results.push_back(std::move(r));
  }
  return results;
}

std::string learning_bench_json(const TrainConfig& config,
                                const std::vector<LearningModeResult>& results) {
  nlohmann::json modes = nlohmann::json::object();
  double pixel_knn = std::nan(""), pixel_probe = std::nan("");
  for (const LearningModeResult& r : results) {
    const QualityRecord& q = r.final_quality;
    if (q.has_representation()) {
      pixel_knn = q.pixel_knn;
      pixel_probe = q.pixel_probe;
    }
    modes[to_string(r.mode)] = {
        {"steps", r.steps},
        {"train_s", r.train_s},
        {"seconds_to_rec_nmse_0.5", seconds_or_null(r.targets.nmse_half_s)},
        {"seconds_to_knn_above_pixels", seconds_or_null(r.targets.knn_pixels_s)},
        {"seconds_to_probe_above_pixels", seconds_or_null(r.targets.probe_pixels_s)},
        {"rec_nmse", number_or_null(q.eval_nmse())},
        {"knn", number_or_null(q.eval_knn())},
        {"probe", number_or_null(q.eval_probe())},
        {"student_knn", number_or_null(q.student_knn)},
        {"student_probe", number_or_null(q.student_probe)},
        {"run_dir", r.run_dir.string()}};
  }
  return nlohmann::json{{"benchmark", "learning"},
                        {"recipe", config.recipe},
                        {"dataset", config.dataset},
                        {"time_budget_s", config.time_budget_s},
                        {"pixel_knn", number_or_null(pixel_knn)},
                        {"pixel_probe", number_or_null(pixel_probe)},
                        {"modes", modes}}
      .dump();
}

}  // namespace rcmae
