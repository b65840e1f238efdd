#pragma once
// What a run folder says about itself, by one set of rules for every reader: `rcmae
// compare`, sweeps and their reports, the Runs tab and the PDF report. The rules:
//   final loss   mean of the last 10 % of metrics.csv's rows
//   kNN          per knn.csv row the teacher's accuracy, the student's without a teacher;
//                best = highest, final = last row
//   probe        the last measured probe_acc of probe.csv
//   quality      per quality.csv measure the last measured value (rows are sparse) and
//                the best (lowest error, highest accuracy); the evaluated encoder is the
//                teacher, the student in MAE mode
//   robustness   robustness.csv's clean kNN and the mean kNN over the corrupted rows
//   fine-tune    finetune.csv's best top-1 for each init
// A file the run did not write leaves its numbers NaN (and counts 0).
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "rcmae/run/run_record.h"

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
  double mask_ratio = std::nan(""), momentum = std::nan("");  // momentum: NaN in MAE mode
  int64_t steps = 0;                                          // rows in metrics.csv
  double final_loss = std::nan("");                           // mean of the last 10 % of the steps
  double final_loss_rec = std::nan("");
  double images_per_s = std::nan("");  // median
  // knn.csv / probe.csv (the --knn-every monitor; the only accuracies of older runs).
  double final_knn = std::nan("");  // last kNN row: teacher, or student without one
  double best_knn = std::nan("");
  double final_student_knn = std::nan("");
  double probe_acc = std::nan("");  // last row of probe.csv (linear probe at the end)

  // quality.csv: the held-out measurements every run makes (none in runs from before
  // them, or trained with --no-quality). A torn last line is not counted.
  int64_t quality_rows = 0;
  int64_t quality_step = 0;               // step of the last row
  double quality_train_s = std::nan("");  // training time of the last row
  QualityMeasure rec_nmse;                // hidden-patch NMSE, teacher (student in MAE mode)
  QualityMeasure student_nmse;
  QualityMeasure teacher_knn, student_knn, teacher_probe, student_probe;
  double pixel_knn = std::nan("");  // the raw-pixel baselines of the last measurement
  double pixel_probe = std::nan("");

  // robustness.csv (`rcmae eval --csv`, the Robustness dialog).
  int64_t robustness_rows = 0;
  double robustness_clean_knn = std::nan("");
  double robustness_corrupted_knn = std::nan("");  // mean over every corruption x severity

  // finetune.csv (`rcmae finetune`): the best top-1 of each init ("teacher", "student",
  // "scratch", ... as the file names them).
  int64_t finetune_rows = 0;
  std::map<std::string, double> finetune_top1;

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

// finetune.csv's best top-1 of each init ("teacher", "student", "scratch", ...); rows without
// a top-1 are skipped. The fine-tune rule above, for readers that need only it.
std::map<std::string, double> best_finetune_top1(const run::CsvTail& finetune);

// The summary of what `record` has read so far (poll it first).
RunSummary summarize(const run::RunRecord& record);

// Reads `folder` once and summarises it. Throws std::runtime_error naming the folder and
// the missing or unreadable file (config.json, metrics.csv).
RunSummary summarize_run(const std::filesystem::path& folder);

// A fixed-width text table of the summaries, one run per row.
std::string format_comparison(const std::vector<RunSummary>& runs);

namespace run {

// The rules themselves, for readers that show more than the summary (curves, tables).
// Mean of the last 10 % of `values` (at least one); NaN when empty.
double tail_mean(const std::vector<double>& values);
// The last value that is not NaN; NaN when there is none.
double last_measured(const std::vector<double>& values);
// Last measured and best of a sparse series.
QualityMeasure measure(const std::vector<double>& values, bool higher_is_better);
// knn.csv's score per row: the teacher's accuracy, the student's where there is no teacher.
std::vector<double> knn_scores(const CsvTail& knn);
// quality.csv's `measure` ("nmse", "psnr", "mse", "knn", "probe", "collapse") of the
// evaluated encoder per row: teacher_<measure>, else student_<measure>.
std::vector<double> evaluated_series(const CsvTail& quality, const std::string& measure);

}  // namespace run
}  // namespace rcmae
