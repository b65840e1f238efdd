#pragma once
// What a finished (or running) run folder says about itself, for listing and comparing
// runs: `rcmae compare` and the runs browser.
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace rcmae {

struct RunSummary {
  std::string name;  // folder name
  std::string mode, dataset, preset;
  double mask_ratio = std::nan(""), momentum = std::nan("");
  int64_t steps = 0;                      // rows in metrics.csv
  double final_loss = std::nan("");       // mean of the last 10 % of the steps
  double final_loss_rec = std::nan("");
  double images_per_s = std::nan("");     // median
  double final_knn = std::nan("");        // last kNN row: teacher, or student without one
  double best_knn = std::nan("");
  double final_student_knn = std::nan("");
  double probe_acc = std::nan("");        // last row of probe.csv (linear probe at the end)
};

// Throws std::runtime_error naming the folder and the missing or unreadable file.
RunSummary summarize_run(const std::filesystem::path& folder);

// A fixed-width text table of the summaries, one run per row.
std::string format_comparison(const std::vector<RunSummary>& runs);

}  // namespace rcmae
