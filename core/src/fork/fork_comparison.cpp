#include "rcmae/fork/fork_comparison.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "rcmae/util/strings.h"

namespace rcmae {
namespace {

// The order rows are reported in: what RC-MAE evaluates (the teacher) first.
const std::vector<std::string>& metric_order() {
  static const std::vector<std::string> order = {"teacher_rec_nmse", "student_rec_nmse",
                                                 "teacher_knn",      "student_knn",
                                                 "teacher_probe",    "student_probe"};
  return order;
}

bool is_accuracy(const std::string& metric) {
  return ends_with(metric, "_knn") || ends_with(metric, "_probe");
}

stats::ItemScores scores_of(const run::MetricItems& items) {
  return {items.numerator, items.denominator};
}

// The same items on both sides: same count and, for a ratio, the same denominators (they
// depend only on the held-out images and masks, not on the model).
void check_same_items(const run::MetricItems& control, const run::MetricItems& arm) {
  if (control.numerator.size() != arm.numerator.size())
    throw std::invalid_argument(control.metric + ": " + std::to_string(control.numerator.size()) +
                                " items against " + std::to_string(arm.numerator.size()) +
                                "; the runs were not measured on the same held-out set");
  for (size_t i = 0; i < control.denominator.size(); ++i) {
    const double a = control.denominator[i], b = arm.denominator[i];
    if (std::abs(a - b) > 1e-9 * std::max(1.0, std::abs(a)))
      throw std::invalid_argument(control.metric + ": item " + std::to_string(i) +
                                  " differs between the runs (another dataset or held-out set)");
  }
}

std::string subject(const std::string& metric) {
  return metric.rfind("teacher", 0) == 0 ? "teacher" : "student";
}

std::string what(const std::string& metric) {
  if (metric.find("rec_nmse") != std::string::npos) return "held-out rec_nmse";
  if (metric.find("knn") != std::string::npos) return "kNN accuracy";
  return "probe accuracy";
}

// Accuracies in points, errors as they are.
double shown(const std::string& metric, double value) {
  return is_accuracy(metric) ? 100.0 * value : value;
}

}  // namespace

stats::Direction metric_direction(const std::string& metric) {
  return is_accuracy(metric) ? stats::Direction::HigherIsBetter : stats::Direction::LowerIsBetter;
}

std::vector<ComparisonRow> compare_paired(const std::vector<std::vector<run::MetricItems>>& control,
                                          const std::vector<std::vector<run::MetricItems>>& arm,
                                          const std::string& arm_name) {
  if (control.empty() || control.size() != arm.size())
    throw std::invalid_argument(arm_name + ": " + std::to_string(arm.size()) +
                                " replicates against the control's " +
                                std::to_string(control.size()));
  std::vector<ComparisonRow> rows;
  for (const std::string& metric : metric_order()) {
    std::vector<stats::ItemScores> control_scores, arm_scores;
    for (size_t r = 0; r < control.size(); ++r) {
      const run::MetricItems* c = run::find_metric(control[r], metric);
      const run::MetricItems* a = run::find_metric(arm[r], metric);
      if (!c || !a) break;
      check_same_items(*c, *a);
      control_scores.push_back(scores_of(*c));
      arm_scores.push_back(scores_of(*a));
    }
    if (control_scores.size() != control.size()) continue;  // not measured on every side
    ComparisonRow row;
    row.metric = metric;
    row.arm = arm_name;
    for (size_t r = 0; r < control_scores.size(); ++r) {
      row.control_value += control_scores[r].value() / double(control_scores.size());
      row.arm_value += arm_scores[r].value() / double(arm_scores.size());
    }
    row.difference = stats::paired_difference(arm_scores, control_scores, metric_direction(metric));
    if (is_accuracy(metric) && control_scores.size() == 1)
      row.mcnemar = stats::mcnemar_exact(arm_scores[0].numerator, control_scores[0].numerator);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<ComparisonRow> compare_at_step(const std::vector<std::filesystem::path>& control,
                                           const std::vector<std::filesystem::path>& arm,
                                           int64_t step, const std::string& arm_name) {
  auto read = [step](const std::vector<std::filesystem::path>& folders) {
    std::vector<std::vector<run::MetricItems>> replicates;
    for (const auto& folder : folders) replicates.push_back(run::read_step_items(folder, step));
    return replicates;
  };
  return compare_paired(read(control), read(arm), arm_name);
}

nlohmann::json comparison_json(const std::vector<ComparisonRow>& rows) {
  nlohmann::json metrics = nlohmann::json::array();
  for (const ComparisonRow& row : rows) {
    nlohmann::json item = {{"metric", row.metric},
                           {"arm", row.arm},
                           {"control", row.control_value},
                           {"value", row.arm_value},
                           {"diff", row.difference.diff},
                           {"ci95", {row.difference.ci_low, row.difference.ci_high}},
                           {"verdict", stats::to_string(row.difference.verdict)},
                           {"replicates", row.difference.replicates},
                           {"items", row.difference.items},
                           {"method", row.difference.method}};
    if (row.mcnemar) {
      item["mcnemar_p"] = row.mcnemar->p_value;
      item["arm_only"] = row.mcnemar->arm_only;
      item["control_only"] = row.mcnemar->control_only;
    }
    metrics.push_back(std::move(item));
  }
  return {{"metrics", metrics}};
}

std::string describe_row(const ComparisonRow& row) {
  const auto& d = row.difference;
  const bool accuracy = is_accuracy(row.metric);
  const double size = std::abs(shown(row.metric, d.diff));
  const double lo = shown(row.metric, d.ci_low), hi = shown(row.metric, d.ci_high);
  const char* unit = accuracy ? " points" : "";
  char text[256];
  if (d.verdict == stats::Verdict::CantTell) {
    std::snprintf(text, sizeof text, "%s %s: can't tell (%+.4g%s, 95%% CI %+.4g to %+.4g)",
                  subject(row.metric).c_str(), what(row.metric).c_str(), shown(row.metric, d.diff),
                  unit, lo, hi);
  } else {
    const bool better = d.verdict == stats::Verdict::Better;
    const char* how = accuracy ? (better ? "classifies better" : "classifies worse")
                               : (better ? "reconstructs better" : "reconstructs worse");
    std::snprintf(text, sizeof text, "%s %s by %.4g%s (95%% CI %+.4g to %+.4g): resolved",
                  subject(row.metric).c_str(), how, size, unit, lo, hi);
  }
  return text;
}

std::string format_comparison_rows(const std::vector<ComparisonRow>& rows) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-14s %-18s %10s %10s %10s %23s  %s\n", "arm", "metric",
                "control", "arm", "diff", "95% CI", "verdict");
  out += line;
  for (const ComparisonRow& row : rows) {
    const auto& d = row.difference;
    char interval[64];
    std::snprintf(interval, sizeof interval, "[%+.4g, %+.4g]", shown(row.metric, d.ci_low),
                  shown(row.metric, d.ci_high));
    std::snprintf(line, sizeof line, "%-14s %-18s %10.4g %10.4g %+10.4g %23s  %s\n",
                  row.arm.c_str(), row.metric.c_str(), shown(row.metric, row.control_value),
                  shown(row.metric, row.arm_value), shown(row.metric, d.diff), interval,
                  stats::to_string(d.verdict).c_str());
    out += line;
  }
  return out;
}

}  // namespace rcmae
