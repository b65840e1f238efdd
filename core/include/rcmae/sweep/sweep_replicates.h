#pragma once
// A sweep with a seed axis (`rcmae sweep --repeats R`) holds replicates: every point trained at
// each seed. Within one seed every point starts from the same weights and sees the same data
// order and mask noise (common random numbers), so points are compared pair by pair: per seed
// and per held-out item (paired_items.csv), with the interval over seeds and items
// (stats/paired_difference.h). Each cell (a point without its seed) gets its mean over seeds
// and its difference from the best cell with a 95 % interval; a cell whose interval holds 0 is
// indistinguishable from the best. Torch-free, like the rest of the sweep report.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rcmae/stats/paired_difference.h"
#include "rcmae/sweep/sweep_report.h"

namespace rcmae {

struct ReplicatedCell {
  std::string name;                                         // the points' name without the seed
  std::vector<std::pair<std::string, std::string>> values;  // the non-seed axes
  std::vector<int> rows;       // the report row of each seed (in seed order), -1 when missing
  double mean = std::nan("");  // of the metric over the seeds that measured it
  double sd = std::nan("");    // between seeds
  int measured = 0;            // seeds with a value
  // Against the best cell, paired by seed and held-out item (NaN-free only when every seed of
  // both cells left paired_items.csv and the metric has items); absent for the best itself.
  std::optional<stats::PairedDifference> vs_best;
  bool indistinguishable_from_best = false;  // vs_best's verdict is "can't tell"
};

struct ReplicateTable {
  std::vector<std::string> seeds;
  std::vector<ReplicatedCell> cells;  // in the order their first point appears
  int best = -1;                      // by mean; -1 when no cell has a value
  std::string note;                   // what the interval is over, or why there is none
};

// True when the sweep varies the seed and something else.
bool has_replicates(const SweepReport& report);

// The paired_items.csv metric a sweep metric is measured by for a point (teacher's items, the
// student's in MAE mode); "" when it has none (losses, best kNN).
std::string item_metric_for(SweepMetric metric, const std::string& mode);

// Reads each point's paired_items.csv from `folder`. Throws std::invalid_argument when the
// sweep has no seed axis.
ReplicateTable replicate_table(const SweepReport& report, SweepMetric metric,
                               const std::filesystem::path& folder);

// One row per cell: its values, mean ± sd over seeds, difference from the best with its 95 %
// interval and the verdict; then how to read it.
std::string format_replicate_table(const ReplicateTable& table, SweepMetric metric);

// Marks the heat map's cells that cannot be told from the best (grid.points hold cell names
// when the seeds are averaged).
void mark_indistinguishable(HeatMapGrid& grid, const ReplicateTable& table);

}  // namespace rcmae
