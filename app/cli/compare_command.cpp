// rcmae compare RUN_DIR...: what runs learned, side by side: held-out reconstruction error,
// kNN and linear-probe accuracy against the raw-pixel baselines, and the training loss.
// --paired A B: two runs item by item; --finetune FOLDER: fine-tuning arms over seeds.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/eval/finetune_comparison.h"
#include "rcmae/fork/fork_comparison.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"
#include "rcmae/run/run_summary.h"

namespace rcmae::cli {

namespace {

// rcmae compare --paired A B: B against A on the items both measured (their paired_items.csv).
int compare_paired_runs(const std::vector<std::string>& argv) {
  if (argv.size() != 3) throw UsageError("--paired: give two run folders, A (the reference) and B");
  const std::filesystem::path a = argv[1], b = argv[2];
  const auto rows =
      compare_paired({run::read_paired_items(a / run_files::kPairedItems)},
                     {run::read_paired_items(b / run_files::kPairedItems)}, b.filename().string());
  std::printf("%s against %s, item by item on the shared held-out set\n\n%s\n", b.c_str(),
              a.c_str(), format_comparison_rows(rows).c_str());
  for (const ComparisonRow& row : rows) std::printf("%s\n", describe_row(row).c_str());
  std::printf(
      "\ndiff = B - A (accuracies in points); 95%% CI: paired bootstrap over held-out items, "
      "which leaves training noise out: forks with --repeats put it in\n");
  return 0;
}

// rcmae compare --finetune FOLDER: the arms of a fine-tuning protocol (FOLDER/<arm>-seed<N>,
// as bench/lunch_hour.sh writes them), each difference paired by seed and by test image.
int compare_finetune_arms(const std::vector<std::string>& argv) {
  if (argv.size() != 2)
    throw UsageError("--finetune: give one folder of <arm>-seed<N> fine-tune folders");
  const auto arms = find_finetune_arms(argv[1]);
  std::printf("%s", format_finetune_arms(arms, compare_all_finetune_arms(arms)).c_str());
  std::printf(
      "\ntop-1 on the test images each fine-tune scored (finetune_items.csv); budget: "
      "pretraining's training time + fine-tuning's, mean over seeds\n"
      "differences in points, better-ranked arm first, over the seeds both arms have: 95%% "
      "interval paired by seed and by test image (one seed: the test images' sampling only)\n");
  return 0;
}

}  // namespace

int run_compare(const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError("compare: give one or more run folders");
  if (argv[0] == "--paired") return compare_paired_runs(argv);
  if (argv[0] == "--finetune") return compare_finetune_arms(argv);
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
