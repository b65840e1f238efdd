#include "rcmae/run/run_record.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "rcmae/run/run_files.h"

namespace rcmae::run {
namespace fs = std::filesystem;

namespace {

bool is_snapshot_name(const std::string& name) {
  // run_files::kSnapshotPattern: step_*.snap
  return name.size() > 10 && name.rfind("step_", 0) == 0 &&
         name.compare(name.size() - 5, 5, ".snap") == 0;
}

double number_or_nan(const nlohmann::json& config, const char* key) {
  const auto it = config.find(key);
  return it != config.end() && it->is_number() ? it->get<double>() : std::nan("");
}

RunConfigFacts facts_of(const nlohmann::json& config) {
  RunConfigFacts facts;
  facts.mode = config.value("mode", "");
  facts.dataset = config.value("dataset", "");
  facts.preset = config.value("preset", "");
  facts.mask_ratio = number_or_nan(config, "mask_ratio");
  facts.momentum = number_or_nan(config, "momentum");
  const double steps = number_or_nan(config, "steps");
  facts.steps = std::isnan(steps) ? 0 : int64_t(steps);
  return facts;
}

}  // namespace

RunRecord::RunRecord(fs::path folder)
    : folder_(std::move(folder)),
      metrics_(folder_ / run_files::kMetrics),
      knn_(folder_ / run_files::kKnn),
      probe_(folder_ / run_files::kProbe),
      quality_(folder_ / run_files::kQuality),
      finetune_(folder_ / run_files::kFinetune),
      robustness_(folder_ / run_files::kRobustness) {
  // What the summary, the Runs tab and the report use; the rest of metrics.csv stays on disk.
  metrics_.keep_only(
      {"step", "images_seen", "loss", "loss_rec", "loss_cons", "wall_s", "images_per_s"});
  finetune_.keep_text({"init", "source", "dataset"});
  robustness_.keep_text({"corruption"});
}

bool RunRecord::is_run_folder(const fs::path& folder) {
  std::error_code error;
  return fs::exists(folder / run_files::kConfig, error) ||
         fs::exists(folder / run_files::kMetrics, error);
}

bool RunRecord::poll() {
  bool changed = read_config();
  for (CsvTail* tail : {&metrics_, &knn_, &probe_, &quality_, &finetune_, &robustness_})
    changed |= tail->poll() != 0;
  changed |= find_latest_snapshot();
  return changed;
}

// config.json is written once (atomically, by rename) at the start; it is read again only
// when its time changes, e.g. a run restarted into the same folder.
bool RunRecord::read_config() {
  const fs::path file = folder_ / run_files::kConfig;
  std::error_code error;
  const auto time = fs::last_write_time(file, error);
  if (error || (has_config() && time == config_time_)) return false;
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto config = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) {
    config_error_ = file.string() + ": unreadable (not a JSON object)";
    return false;  // the next poll tries again
  }
  config_error_.clear();
  config_text_ = std::move(text);
  config_ = facts_of(config);
  config_time_ = time;
  return true;
}

bool RunRecord::find_latest_snapshot() {
  std::error_code error;
  fs::path latest;
  for (fs::directory_iterator it(folder_ / run_files::kSnapshots, error), end; !error && it != end;
       it.increment(error)) {
    const fs::path& path = it->path();
    if (is_snapshot_name(path.filename().string()) &&
        (latest.empty() || path.filename() > latest.filename()))
      latest = path;
  }
  if (latest == latest_snapshot_) return false;
  latest_snapshot_ = latest;
  return true;
}

}  // namespace rcmae::run
