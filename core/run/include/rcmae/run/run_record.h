#pragma once
// One run folder, read incrementally and typed: config.json's facts, the CSV files through
// CsvTail (metrics, knn, probe, quality, finetune, robustness) and the newest reconstruction
// snapshot. poll() reads only what changed since the last poll, so the Runs tab can follow a
// run another process is writing; `rcmae compare`, sweeps and the PDF report poll once.
// A file the run has not written (older runs, a run just starting, no `rcmae finetune` yet)
// reads as empty: the summary rules (run_summary.h) turn that into NaN / "not measured".
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "rcmae/run/csv_tail.h"

namespace rcmae::run {

// What the summary rules and run lists need from config.json.
struct RunConfigFacts {
  std::string mode, dataset, preset;
  double mask_ratio = std::nan("");
  double momentum = std::nan("");
  int64_t steps = 0;  // the step budget; 0 when unknown
};

class RunRecord {
 public:
  explicit RunRecord(std::filesystem::path folder);

  // A folder is a run when it has a config.json or a metrics.csv (the CLI creates
  // metrics.csv first, config.json a moment later).
  static bool is_run_folder(const std::filesystem::path& folder);

  // Reads whatever changed on disk. Returns true when anything did.
  bool poll();

  const std::filesystem::path& folder() const { return folder_; }
  std::filesystem::path file(const char* name) const { return folder_ / name; }

  // config.json: present once read; its text as written (for views that show every
  // setting) and the facts parsed from it. config_error() names a file that exists but
  // does not parse (caught mid-write by a non-atomic writer, or damaged).
  bool has_config() const { return !config_text_.empty(); }
  const std::string& config_text() const { return config_text_; }
  const RunConfigFacts& config() const { return config_; }
  const std::string& config_error() const { return config_error_; }

  const CsvTail& metrics() const { return metrics_; }
  const CsvTail& knn() const { return knn_; }
  const CsvTail& probe() const { return probe_; }
  const CsvTail& quality() const { return quality_; }
  const CsvTail& finetune() const { return finetune_; }
  const CsvTail& robustness() const { return robustness_; }

  // Newest snapshots/step_*.snap; empty when the run left none.
  const std::filesystem::path& latest_snapshot() const { return latest_snapshot_; }

 private:
  bool read_config();
  bool find_latest_snapshot();

  std::filesystem::path folder_;
  std::string config_text_;
  std::string config_error_;
  RunConfigFacts config_;
  std::filesystem::file_time_type config_time_{};
  CsvTail metrics_, knn_, probe_, quality_, finetune_, robustness_;
  std::filesystem::path latest_snapshot_;
};

}  // namespace rcmae::run
