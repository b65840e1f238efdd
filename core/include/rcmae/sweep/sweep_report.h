#pragma once
// What a sweep folder says: each point's state and run summary, the table `rcmae sweep
// --report` prints, and the grid of one metric over two axes that the heat map draws.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rcmae/run/run_summary.h"
#include "rcmae/sweep/point_status.h"
#include "rcmae/sweep/sweep_file.h"

namespace rcmae {

// What a sweep ranks its points by. Accuracies are the encoder a run is evaluated by (the
// teacher's; the student's in MAE mode), from the point's quality.csv (knn.csv / probe.csv
// for points trained before it). Probe / FinalKnn: the last measurement; RecNmse: held-out
// hidden-patch error relative to mean fill (quality.csv). FinalLoss / FinalLossRec: the
// training loss, which RC-MAE's consistency term makes incomparable across modes.
enum class SweepMetric { FinalLoss, FinalLossRec, BestKnn, FinalKnn, Probe, RecNmse };

// "final-loss" | "final-loss-rec" | "best-knn" | "final-knn" | "probe" | "rec-nmse";
// nullopt otherwise ("auto" is default_sweep_metric, which needs the report).
std::optional<SweepMetric> sweep_metric_from_string(const std::string& text);
std::string to_string(SweepMetric metric);
// The --metric words, for usage messages: "auto, probe, final-knn, ...".
std::string sweep_metric_names();
bool lower_is_better(SweepMetric metric);

struct SweepRow {
  SweepPoint point;
  PointStatus status;
  std::optional<RunSummary> summary;  // absent before the point has written a step
};

struct SweepReport {
  SweepDefinition sweep;
  std::vector<SweepRow> rows;  // in sweep.json's point order
};

// Throws std::runtime_error when the folder has no readable sweep.json.
SweepReport load_sweep_report(const std::filesystem::path& sweep_folder);

// NaN when the point has no value for the metric (not started, no kNN).
double metric_value(const SweepRow& row, SweepMetric metric);

// What a sweep is ranked by unless told otherwise: what the points learned, never their
// training loss while one of them has measured something. The linear probe if any point
// has one, else kNN, else the held-out reconstruction NMSE (an unlabelled dataset); the
// final loss only when no point has a quality.csv row (older sweeps, --no-quality).
SweepMetric default_sweep_metric(const SweepReport& report);
// One line saying what default_sweep_metric chose and why, for the table and the tab.
std::string default_metric_reason(const SweepReport& report);

// The axes the sweep varies, in sweep_axis_names() order.
std::vector<std::string> swept_axes(const SweepReport& report);

// The distinct values the points take on `axis`: numbers ascending, words in first-seen
// order (the heat map's rows and columns, the parallel plot's levels).
std::vector<std::string> axis_values(const SweepReport& report, const std::string& axis);

// One row per point: its values, state, steps, loss_rec, held-out NMSE, kNN, probe (and a
// note where a started point has no quality.csv row); then the best point by `metric`.
std::string format_sweep_table(const SweepReport& report, SweepMetric metric);

struct HeatMapGrid {
  std::string metric;  // e.g. "final loss"
  bool lower_is_better = true;
  bool percent = false;        // accuracies: shown as percentages
  std::string x_axis, y_axis;  // y_axis empty: one row
  std::vector<std::string> x_values, y_values;
  std::vector<double> cells;        // [y * x_values.size() + x]; NaN: no value
  std::vector<bool> stopped_early;  // the cell's point was stopped by the median rule
  std::vector<std::string> points;  // the cell's point name ("" when none)
  // Replicated sweeps (sweep_replicates.h): the cell cannot be told from the best one (the
  // 95 % interval of their paired difference holds 0). All false otherwise.
  std::vector<bool> indistinguishable;
  int best_x = -1, best_y = -1;  // the best cell; -1 when every cell is empty
  std::string note;              // how other swept axes are folded in, when there are any

  double at(size_t x, size_t y) const { return cells[y * x_values.size() + x]; }
};

// The metric over x_axis × y_axis (empty: the first two swept axes). When the sweep varies
// more axes, each cell holds the best value over them (the note says so), except the seed:
// replicates are averaged. Throws
// std::invalid_argument for an axis the sweep does not vary.
HeatMapGrid heat_map_grid(const SweepReport& report, SweepMetric metric, std::string x_axis = "",
                          std::string y_axis = "");

// "mask0.75_mom0.996: final loss 0.4123" — the best cell, for reports and docs.
std::string best_cell_text(const HeatMapGrid& grid);

}  // namespace rcmae
