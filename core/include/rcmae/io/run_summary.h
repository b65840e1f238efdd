#pragma once
// What a finished (or running) run folder says about itself, for listing and comparing
// runs: `rcmae compare`, sweeps and their reports.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rcmae {

// One quality.csv measure over a run: its last measured value and its best one (lowest
// error, highest accuracy). NaN when the run never measured it.
struct QualityMeasure {
  double last = std::nan("");
  double best = std::nan("");
};

struct RunSummary {
  std::string name;  // folder name
  std::string mode, dataset, preset;
  double mask_ratio = std::nan(""), momentum = std::nan("");
  int64_t steps = 0;                      // rows in metrics.csv
  double final_loss = std::nan("");       // mean of the last 10 % of the steps
  double final_loss_rec = std::nan("");
  double images_per_s = std::nan("");     // median
  // knn.csv / probe.csv (the --knn-every monitor; the only accuracies of older runs).
  double final_knn = std::nan("");        // last kNN row: teacher, or student without one
  double best_knn = std::nan("");
  double final_student_knn = std::nan("");
  double probe_acc = std::nan("");        // last row of probe.csv (linear probe at the end)

  // quality.csv: the held-out measurements every run makes (none in runs from before
  // them, or trained with --no-quality). A torn last line is not counted.
  int64_t quality_rows = 0;
  int64_t quality_step = 0;               // step of the last row
  double quality_train_s = std::nan("");  // training time of the last row
  QualityMeasure rec_nmse;                // hidden-patch NMSE, teacher (student in MAE mode)
  QualityMeasure student_nmse;
  QualityMeasure teacher_knn, student_knn, teacher_probe, student_probe;
  double pixel_knn = std::nan("");        // the raw-pixel baselines of the last measurement
  double pixel_probe = std::nan("");

  bool has_quality() const { return quality_rows > 0; }
  // The accuracy of the encoder a run is evaluated by (the teacher's; the student's in MAE
  // mode), last measured: quality.csv, else knn.csv / probe.csv for older runs.
  double knn() const;
  double probe() const;
  // How far that accuracy is above the raw-pixel baseline, in percentage points; NaN
  // without a quality.csv measurement of both.
  double knn_vs_pixels() const;
  double probe_vs_pixels() const;
};

// Throws std::runtime_error naming the folder and the missing or unreadable file.
RunSummary summarize_run(const std::filesystem::path& folder);

// A fixed-width text table of the summaries, one run per row.
std::string format_comparison(const std::vector<RunSummary>& runs);

}  // namespace rcmae
