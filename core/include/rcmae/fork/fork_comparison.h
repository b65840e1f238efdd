#pragma once
// Arms of a fork (or any two runs that share the held-out set) compared item by item: for each
// metric the difference from the control with its 95 % interval and a verdict, never a bare
// number. Reads the runs' paired_items.csv (run/paired_items.h); the statistics are in
// stats/paired_difference.h and stats/mcnemar.h. Torch-free.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rcmae/run/paired_items.h"
#include "rcmae/stats/mcnemar.h"
#include "rcmae/stats/paired_difference.h"

namespace rcmae {

struct ComparisonRow {
  std::string metric;  // e.g. "teacher_rec_nmse"
  std::string arm;
  double control_value = 0;  // the metric of each side, mean over replicates
  double arm_value = 0;
  stats::PairedDifference difference;           // arm - control
  std::optional<stats::McNemarResult> mcnemar;  // accuracy metrics of a single replicate
};

// Lower is better for reconstruction errors, higher for accuracies.
stats::Direction metric_direction(const std::string& metric);

// `control[r]` and `arm[r]`: replicate r's items of each side. One row per metric both sides
// measured, in a fixed order (teacher before student; rec_nmse, knn, probe). Throws
// std::invalid_argument when the sides were not measured on the same items (another dataset or
// held-out set): pairing them would be meaningless.
std::vector<ComparisonRow> compare_paired(const std::vector<std::vector<run::MetricItems>>& control,
                                          const std::vector<std::vector<run::MetricItems>>& arm,
                                          const std::string& arm_name);

// The held-out reconstruction of `arm` against `control` at `step` of their training, from
// the items each kept then (run/paired_items.h, write_step_items): folders[r] is replicate r
// of each side. compare_paired's rows (teacher_ and student_rec_nmse). Throws
// std::runtime_error naming a file that is missing or unreadable.
std::vector<ComparisonRow> compare_at_step(const std::vector<std::filesystem::path>& control,
                                           const std::vector<std::filesystem::path>& arm,
                                           int64_t step, const std::string& arm_name);

// {"metrics":[{"metric","arm","control","value","diff","ci95":[lo,hi],"verdict","replicates",
// "items","method"[, "mcnemar_p", "arm_only", "control_only"]}, ...]}
nlohmann::json comparison_json(const std::vector<ComparisonRow>& rows);

// A table for the terminal, one row per metric and arm, with a sentence a student can read:
// "teacher reconstructs worse by 0.012 (0.010 to 0.014)".
std::string format_comparison_rows(const std::vector<ComparisonRow>& rows);
std::string describe_row(const ComparisonRow& row);

}  // namespace rcmae
