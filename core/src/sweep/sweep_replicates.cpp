#include "rcmae/sweep/sweep_replicates.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"
#include "rcmae/sweep/sweep_points.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

std::string cell_name(const SweepPoint& point) { return point_name_without(point, "seed"); }

std::vector<std::pair<std::string, std::string>> non_seed_values(const SweepPoint& point) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const auto& entry : point.values)
    if (entry.first != "seed") values.push_back(entry);
  return values;
}

void fill_mean(ReplicatedCell& cell, const SweepReport& report, SweepMetric metric) {
  std::vector<double> values;
  for (int row : cell.rows)
    if (row >= 0) {
      const double value = metric_value(report.rows[size_t(row)], metric);
      if (!std::isnan(value)) values.push_back(value);
    }
  cell.measured = int(values.size());
  if (values.empty()) return;
  double sum = 0;
  for (double v : values) sum += v;
  cell.mean = sum / double(values.size());
  if (values.size() < 2) return;
  double squares = 0;
  for (double v : values) squares += (v - cell.mean) * (v - cell.mean);
  cell.sd = std::sqrt(squares / double(values.size() - 1));
}

// The cell's items per seed; nullopt when any seed lacks them.
std::optional<std::vector<stats::ItemScores>> items_of(const ReplicatedCell& cell,
                                                       const SweepReport& report,
                                                       SweepMetric metric, const fs::path& folder) {
  std::vector<stats::ItemScores> scores;
  for (int row : cell.rows) {
    if (row < 0) return std::nullopt;
    const SweepRow& r = report.rows[size_t(row)];
    const std::string name = item_metric_for(metric, r.summary ? r.summary->mode : "");
    const fs::path file = folder / r.point.name / run_files::kPairedItems;
    if (name.empty() || !fs::exists(file)) return std::nullopt;
    const auto items = run::read_paired_items(file);
    const run::MetricItems* found = run::find_metric(items, name);
    if (!found) return std::nullopt;
    scores.push_back({found->numerator, found->denominator});
  }
  return scores;
}

std::string shown(double value, SweepMetric metric) {
  char text[32];
  if (std::isnan(value)) return "-";
  if (lower_is_better(metric))
    std::snprintf(text, sizeof text, "%.4f", value);
  else
    std::snprintf(text, sizeof text, "%.1f%%", 100 * value);
  return text;
}

std::string shown_difference(double value, SweepMetric metric) {
  char text[32];
  if (lower_is_better(metric))
    std::snprintf(text, sizeof text, "%+.4f", value);
  else
    std::snprintf(text, sizeof text, "%+.1f", 100 * value);
  return text;
}

}  // namespace

bool has_replicates(const SweepReport& report) {
  const auto axes = swept_axes(report);
  return axes.size() >= 2 && std::find(axes.begin(), axes.end(), "seed") != axes.end();
}

std::string item_metric_for(SweepMetric metric, const std::string& mode) {
  const std::string who = mode == "mae" ? "student" : "teacher";
  switch (metric) {
    case SweepMetric::Probe:
      return who + "_probe";
    case SweepMetric::FinalKnn:
      return who + "_knn";
    case SweepMetric::RecNmse:
      return who + "_rec_nmse";
    default:
      return "";
  }
}

ReplicateTable replicate_table(const SweepReport& report, SweepMetric metric,
                               const fs::path& folder) {
  const auto axes = swept_axes(report);
  if (std::find(axes.begin(), axes.end(), "seed") == axes.end())
    throw std::invalid_argument("the sweep has no seed axis (rcmae sweep --repeats R)");
  ReplicateTable table;
  table.seeds = axis_values(report, "seed");
  for (size_t i = 0; i < report.rows.size(); ++i) {
    const SweepPoint& point = report.rows[i].point;
    const std::string name = cell_name(point);
    auto cell = std::find_if(table.cells.begin(), table.cells.end(),
                             [&](const ReplicatedCell& c) { return c.name == name; });
    if (cell == table.cells.end()) {
      table.cells.push_back({name, non_seed_values(point), std::vector<int>(table.seeds.size(), -1),
                             std::nan(""), std::nan(""), 0, std::nullopt, false});
      cell = table.cells.end() - 1;
    }
    const auto seed = std::find(table.seeds.begin(), table.seeds.end(), point.value("seed"));
    cell->rows[size_t(seed - table.seeds.begin())] = int(i);
  }
  const bool lower = lower_is_better(metric);
  for (size_t c = 0; c < table.cells.size(); ++c) {
    fill_mean(table.cells[c], report, metric);
    const double mean = table.cells[c].mean;
    if (std::isnan(mean)) continue;
    if (table.best < 0 || (lower ? mean < table.cells[size_t(table.best)].mean
                                 : mean > table.cells[size_t(table.best)].mean))
      table.best = int(c);
  }
  if (table.best < 0) {
    table.note = "no cell has measured " + to_string(metric) + " yet";
    return table;
  }
  const auto best_items = items_of(table.cells[size_t(table.best)], report, metric, folder);
  if (!best_items) {
    table.note = "no intervals: " + to_string(metric) +
                 " has no item-by-item results in every seed of the best cell (" +
                 run_files::kPairedItems + "; losses have none)";
    return table;
  }
  const auto direction = lower ? stats::Direction::LowerIsBetter : stats::Direction::HigherIsBetter;
  for (size_t c = 0; c < table.cells.size(); ++c) {
    if (int(c) == table.best) continue;
    const auto items = items_of(table.cells[c], report, metric, folder);
    if (!items) continue;
    table.cells[c].vs_best = stats::paired_difference(*items, *best_items, direction);
    table.cells[c].indistinguishable_from_best =
        table.cells[c].vs_best->verdict == stats::Verdict::CantTell;
  }
  table.note = "vs best: cell - best, paired by seed and held-out item, 95 % interval over " +
               std::to_string(table.seeds.size()) +
               " seeds and the items; '~ best' = the interval holds 0: this sweep cannot tell "
               "it from the best";
  return table;
}

std::string format_replicate_table(const ReplicateTable& table, SweepMetric metric) {
  std::ostringstream out;
  char line[256];
  out << to_string(metric) << " over " << table.seeds.size() << " seeds per cell\n";
  std::snprintf(line, sizeof line, "%-36s %9s %8s %6s %10s %22s  %s\n", "cell", "mean", "sd",
                "seeds", "vs best", "95% CI", "verdict");
  out << line;
  for (size_t c = 0; c < table.cells.size(); ++c) {
    const ReplicatedCell& cell = table.cells[c];
    std::string diff = "-", interval = "", verdict = "";
    if (int(c) == table.best) {
      verdict = "best (highest mean)";
      if (lower_is_better(metric)) verdict = "best (lowest mean)";
    } else if (cell.vs_best) {
      diff = shown_difference(cell.vs_best->diff, metric);
      interval = "[" + shown_difference(cell.vs_best->ci_low, metric) + ", " +
                 shown_difference(cell.vs_best->ci_high, metric) + "]";
      verdict = cell.indistinguishable_from_best ? "~ best (can't tell)"
                                                 : stats::to_string(cell.vs_best->verdict);
    }
    const std::string sd = shown(cell.sd, metric);
    std::snprintf(line, sizeof line, "%-36.36s %9s %8s %3d/%-2zu %10s %22s  %s\n",
                  cell.name.c_str(), shown(cell.mean, metric).c_str(), sd.c_str(), cell.measured,
                  table.seeds.size(), diff.c_str(), interval.c_str(), verdict.c_str());
    out << line;
  }
  out << table.note << '\n';
  return out.str();
}

void mark_indistinguishable(HeatMapGrid& grid, const ReplicateTable& table) {
  grid.indistinguishable.assign(grid.cells.size(), false);
  for (size_t i = 0; i < grid.points.size(); ++i)
    for (const ReplicatedCell& cell : table.cells)
      if (cell.name == grid.points[i] && cell.indistinguishable_from_best)
        grid.indistinguishable[i] = true;
}

}  // namespace rcmae
