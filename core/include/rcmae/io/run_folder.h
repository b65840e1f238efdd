#pragma once
// A run's folder on disk: config.json, metrics.csv, events.jsonl. Every run, GUI or CLI,
// writes the same layout so runs can be listed and compared.
#include <filesystem>
#include <fstream>
#include <string>

#include "rcmae/data/batch_source.h"
#include "rcmae/train/grad_similarity.h"
#include "rcmae/train/live_changes.h"
#include "rcmae/train/quality_record.h"
#include "rcmae/train/step_record.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

class RunFolder {
 public:
  // Creates `path` (and parents) and checks it is writable; throws std::runtime_error with
  // the path and the reason otherwise.
  // `resume`: keep the existing metrics.csv and events.jsonl and append to them.
  explicit RunFolder(std::filesystem::path path, bool resume = false);

  // A resumed run restarts at its checkpoint's step, but the previous process may have
  // trained (and logged) past it before it stopped: drops the rows after `step` from
  // metrics.csv, knn.csv, probe.csv and grad_groups.csv (and a half-written last line), so
  // every step appears once, and appends a "resume" event naming `checkpoint`. events.jsonl
  // keeps its history (it says what happened). Used by the CLI, sweeps and the window.
  void continue_from(int64_t step, const std::filesystem::path& checkpoint);

  // `fork_json`: a JSON object naming the parent run, step and arm of a forked run
  // (fork/fork_runner.h), stored as "fork"; "" for a run of its own.
  void write_config(const TrainConfig& config, const DatasetInfo& data, int threads,
                    const std::string& fork_json = "");
  // {"type":"fork","step":N,...the lineage}: where a forked run's own history starts.
  void append_fork_event(int64_t step, const std::string& fork_json);
  void append_metrics(const StepRecord& record);
  // One JSON object per line: {"step":..,"type":"change"|"pause"|"error",...}.
  void append_event(const std::string& json_line);
  void append_change(const ParameterEvent& event);
  // knn.csv: step, student and teacher kNN accuracy and collapse gauge.
  void append_knn(int64_t step, double student_top1, double teacher_top1, double student_collapse,
                  double teacher_collapse);
  // probe.csv: step, which encoder (teacher / student) and the linear probe's accuracy.
  void append_probe(int64_t step, const std::string& which, double accuracy);
  // grad_groups.csv: one row per module group of each gradient measurement.
  void append_grad_groups(const GradSimilarityRecord& record);
  // quality.csv: one row per quality measurement (quality_header() names the columns).
  void append_quality(const QualityRecord& record);

  const std::filesystem::path& path() const { return path_; }
  static const char* metrics_header();
  static const char* quality_header();

 private:
  std::filesystem::path path_;
  std::ofstream metrics_;
  std::ofstream events_;
  std::ofstream grad_groups_;  // opened on the first measurement
  std::ofstream knn_;
  std::ofstream quality_;  // opened on the first measurement
};

}  // namespace rcmae
