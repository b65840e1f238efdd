// rcmae compare RUN_DIR...: what runs learned, side by side: held-out reconstruction error,
// kNN and linear-probe accuracy against the raw-pixel baselines, and the training loss.
#include <cstdio>

#include "commands.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/run/run_summary.h"

namespace rcmae::cli {

int run_compare(const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError("compare: give one or more run folders");
  std::vector<RunSummary> runs;
  for (const auto& folder : argv) {
    if (folder.rfind("--", 0) == 0) throw UsageError(folder + ": unknown option for compare");
    runs.push_back(summarize_run(folder));
  }
  std::printf("%s", format_comparison(runs).c_str());
  std::printf(
      "train_s: training time at the last quality measurement; loss_rec: mean of the last 10%% of "
      "steps\n"
      "rec_nmse: held-out hidden-patch MSE / MSE of filling them with the mean visible pixel "
      "(1 = no better than that, 0 = perfect), teacher (student in MAE mode)\n"
      "kNN (k=20, T=0.07), probe (linear): frozen teacher features (student in MAE mode), last "
      "measurement; px: the same on raw pixels; vs px: difference in points\n"
      "runs without quality.csv: kNN from knn.csv, probe from probe.csv, no pixel baseline\n");
  return 0;
}

}  // namespace rcmae::cli
