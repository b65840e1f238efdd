#include "rcmae/sweep/sweep_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "rcmae/run/run_files.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

std::string number_cell(double value, const char* format) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string metric_cell(double value, SweepMetric metric) {
  return lower_is_better(metric) ? number_cell(value, "%.4f") : number_cell(100 * value, "%.1f%%");
}

// The --metric words, most useful first.
const std::pair<const char*, SweepMetric> kMetricNames[] = {
    {"probe", SweepMetric::Probe},          {"final-knn", SweepMetric::FinalKnn},
    {"best-knn", SweepMetric::BestKnn},     {"rec-nmse", SweepMetric::RecNmse},
    {"final-loss", SweepMetric::FinalLoss}, {"final-loss-rec", SweepMetric::FinalLossRec}};

bool better(double a, double b, bool lower) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return lower ? a < b : a > b;
}

bool is_number(const std::string& text) {
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0';
}

int best_row_index(const SweepReport& report, SweepMetric metric) {
  int best = -1;
  for (size_t i = 0; i < report.rows.size(); ++i)
    if (better(metric_value(report.rows[i], metric),
               best < 0 ? std::nan("") : metric_value(report.rows[size_t(best)], metric),
               lower_is_better(metric)))
      best = int(i);
  return best;
}

}  // namespace

std::vector<std::string> axis_values(const SweepReport& report, const std::string& axis) {
  std::vector<std::string> values;
  for (const auto& row : report.rows) {
    const std::string value = row.point.value(axis);
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
  }
  if (std::all_of(values.begin(), values.end(), is_number))
    std::sort(values.begin(), values.end(), [](const std::string& a, const std::string& b) {
      return std::stod(a) < std::stod(b);
    });
  return values;
}

std::optional<SweepMetric> sweep_metric_from_string(const std::string& text) {
  for (const auto& [name, metric] : kMetricNames)
    if (text == name) return metric;
  return std::nullopt;
}

std::string sweep_metric_names() {
  std::string names = "auto";
  for (const auto& entry : kMetricNames) names += std::string(", ") + entry.first;
  return names;
}

std::string to_string(SweepMetric metric) {
  switch (metric) {
    case SweepMetric::FinalLoss:
      return "final loss";
    case SweepMetric::FinalLossRec:
      return "final reconstruction loss";
    case SweepMetric::BestKnn:
      return "best kNN accuracy";
    case SweepMetric::FinalKnn:
      return "final kNN accuracy";
    case SweepMetric::Probe:
      return "linear-probe accuracy";
    case SweepMetric::RecNmse:
      return "held-out reconstruction NMSE";
  }
  return "";
}

bool lower_is_better(SweepMetric metric) {
  return metric == SweepMetric::FinalLoss || metric == SweepMetric::FinalLossRec ||
         metric == SweepMetric::RecNmse;
}

SweepReport load_sweep_report(const fs::path& folder) {
  SweepReport report{read_sweep_file(folder), {}};
  for (const auto& point : report.sweep.points) {
    SweepRow row{point, read_point_status(folder / point.name), std::nullopt};
    if (fs::exists(folder / point.name / run_files::kConfig)) {
      try {
        row.summary = summarize_run(folder / point.name);
      } catch (const std::runtime_error&) {
        // A point that has just started may have no metrics yet: shown as pending.
      }
    }
    report.rows.push_back(row);
  }
  return report;
}

double metric_value(const SweepRow& row, SweepMetric metric) {
  if (!row.summary || row.summary->steps == 0) return std::nan("");
  const RunSummary& s = *row.summary;
  switch (metric) {
    case SweepMetric::FinalLoss:
      return s.final_loss;
    case SweepMetric::FinalLossRec:
      return s.final_loss_rec;
    case SweepMetric::BestKnn:
      if (!s.has_quality()) return s.best_knn;
      return std::isnan(s.teacher_knn.best) ? s.student_knn.best : s.teacher_knn.best;
    case SweepMetric::FinalKnn:
      return s.knn();
    case SweepMetric::Probe:
      return s.probe();
    case SweepMetric::RecNmse:
      return s.rec_nmse.last;
  }
  return std::nan("");
}

SweepMetric default_sweep_metric(const SweepReport& report) {
  auto any_has = [&](SweepMetric metric) {
    return std::any_of(report.rows.begin(), report.rows.end(),
                       [&](const SweepRow& row) { return !std::isnan(metric_value(row, metric)); });
  };
  // One metric for the whole sweep: ranking one point by its probe and the next by its kNN
  // (or loss) would compare different things.
  for (SweepMetric metric : {SweepMetric::Probe, SweepMetric::FinalKnn, SweepMetric::RecNmse})
    if (any_has(metric)) return metric;
  return SweepMetric::FinalLoss;
}

std::string default_metric_reason(const SweepReport& report) {
  switch (default_sweep_metric(report)) {
    case SweepMetric::Probe:
      return "ranked by linear-probe accuracy (teacher; student in MAE mode), last measurement";
    case SweepMetric::FinalKnn:
      return "ranked by kNN accuracy (teacher; student in MAE mode): no point has a linear probe "
             "yet";
    case SweepMetric::RecNmse:
      return "ranked by held-out reconstruction NMSE: no point has measured kNN or a probe "
             "(a dataset without labels?)";
    default:
      return std::string("ranked by final loss: no point has a ") + run_files::kQuality +
             " row yet (trained before quality measurements, or with --no-quality)";
  }
}

std::vector<std::string> swept_axes(const SweepReport& report) {
  std::vector<std::string> axes;
  for (const auto& name : sweep_axis_names())
    for (const auto& axis : report.sweep.spec.axes)
      if (axis.name == name) axes.push_back(name);
  return axes;
}

std::string format_sweep_table(const SweepReport& report, SweepMetric metric) {
  const auto axes = swept_axes(report);
  std::ostringstream out;
  char cell[128];
  std::snprintf(cell, sizeof cell, "%-36s", "point");
  out << cell;
  for (const auto& axis : axes) {
    std::snprintf(cell, sizeof cell, " %10s", axis.c_str());
    out << cell;
  }
  std::snprintf(cell, sizeof cell, " %-14s %7s %10s %10s %9s %7s %7s\n", "status", "steps", "loss",
                "loss_rec", "rec_nmse", "kNN", "probe");
  out << cell;
  for (const auto& row : report.rows) {
    std::snprintf(cell, sizeof cell, "%-36.36s", row.point.name.c_str());
    out << cell;
    for (const auto& axis : axes) {
      std::snprintf(cell, sizeof cell, " %10s", row.point.value(axis).c_str());
      out << cell;
    }
    const int64_t steps = row.summary ? row.summary->steps : 0;
    auto value = [&](SweepMetric m) { return metric_cell(metric_value(row, m), m); };
    std::snprintf(cell, sizeof cell, " %-14s %7lld %10s %10s %9s %7s %7s",
                  to_string(row.status.state).c_str(), static_cast<long long>(steps),
                  value(SweepMetric::FinalLoss).c_str(), value(SweepMetric::FinalLossRec).c_str(),
                  value(SweepMetric::RecNmse).c_str(), value(SweepMetric::FinalKnn).c_str(),
                  value(SweepMetric::Probe).c_str());
    out << cell;
    // A point that trained but measured nothing is ranked on nothing: say why it has no value.
    if (steps > 0 && !row.summary->has_quality()) out << "  (no " << run_files::kQuality << " row)";
    out << '\n';
  }
  const int best = best_row_index(report, metric);
  if (best >= 0)
    out << "best " << to_string(metric) << ": " << report.rows[size_t(best)].point.name << " ("
        << metric_cell(metric_value(report.rows[size_t(best)], metric), metric) << ")\n";
  out << "loss, loss_rec: mean of the last 10% of a point's steps (stopped early: of the steps it "
         "ran); "
         "rec_nmse, kNN, probe: last held-out measurement ("
      << run_files::kQuality << "), teacher (student in MAE mode)\n";
  return out.str();
}

HeatMapGrid heat_map_grid(const SweepReport& report, SweepMetric metric, std::string x_axis,
                          std::string y_axis) {
  const auto axes = swept_axes(report);
  auto check = [&](const std::string& axis) {
    if (std::find(axes.begin(), axes.end(), axis) == axes.end())
      throw std::invalid_argument("'" + axis + "' is not an axis of this sweep");
  };
  // Replicates are averaged, not drawn: the seed is an axis only when asked for (or alone).
  std::vector<std::string> drawable;
  for (const auto& axis : axes)
    if (axis != "seed") drawable.push_back(axis);
  if (drawable.empty()) drawable = axes;
  if (x_axis.empty()) x_axis = drawable.empty() ? "" : drawable[0];
  if (y_axis.empty()) {
    for (const auto& axis : drawable)
      if (axis != x_axis && y_axis.empty()) y_axis = axis;
  }
  check(x_axis);
  if (!y_axis.empty()) check(y_axis);
  if (x_axis == y_axis) throw std::invalid_argument("--x and --y must be different axes");

  HeatMapGrid grid;
  grid.metric = to_string(metric);
  grid.lower_is_better = lower_is_better(metric);
  grid.percent = !lower_is_better(metric);
  grid.x_axis = x_axis;
  grid.y_axis = y_axis;
  grid.x_values = axis_values(report, x_axis);
  grid.y_values = y_axis.empty() ? std::vector<std::string>{""} : axis_values(report, y_axis);
  const size_t size = grid.x_values.size() * grid.y_values.size();
  grid.cells.assign(size, std::nan(""));
  grid.stopped_early.assign(size, false);
  grid.points.assign(size, "");
  // Replicates (a seed axis that is not drawn): a cell is the mean over the seeds, never the
  // luckiest seed.
  const bool seeds_folded = x_axis != "seed" && y_axis != "seed" &&
                            std::find(axes.begin(), axes.end(), "seed") != axes.end();
  auto value_of = [&](const SweepRow& row) {
    if (!seeds_folded) return metric_value(row, metric);
    double sum = 0;
    int count = 0;
    for (const auto& other : report.rows) {
      bool same_cell = true;
      for (const auto& [axis, value] : row.point.values)
        if (axis != "seed" && other.point.value(axis) != value) same_cell = false;
      const double value = metric_value(other, metric);
      if (same_cell && !std::isnan(value)) {
        sum += value;
        ++count;
      }
    }
    return count > 0 ? sum / count : std::nan("");
  };
  for (const auto& row : report.rows) {
    const auto x = std::find(grid.x_values.begin(), grid.x_values.end(), row.point.value(x_axis)) -
                   grid.x_values.begin();
    const auto y = std::find(grid.y_values.begin(), grid.y_values.end(), row.point.value(y_axis)) -
                   grid.y_values.begin();
    const size_t index = size_t(y) * grid.x_values.size() + size_t(x);
    const double value = value_of(row);
    if (!better(value, grid.cells[index], grid.lower_is_better)) continue;
    grid.cells[index] = value;
    grid.stopped_early[index] = row.status.state == PointState::StoppedEarly;
    grid.points[index] = seeds_folded ? point_name_without(row.point, "seed") : row.point.name;
  }
  for (size_t i = 0; i < size; ++i) {
    const double best =
        grid.best_x < 0 ? std::nan("") : grid.at(size_t(grid.best_x), size_t(grid.best_y));
    if (better(grid.cells[i], best, grid.lower_is_better)) {
      grid.best_x = int(i % grid.x_values.size());
      grid.best_y = int(i / grid.x_values.size());
    }
  }
  std::string folded;
  for (const auto& axis : axes)
    if (axis != x_axis && axis != y_axis && axis != "seed")
      folded += (folded.empty() ? "" : ", ") + axis;
  if (seeds_folded)
    grid.note =
        "each cell: mean over " + std::to_string(axis_values(report, "seed").size()) + " seeds";
  if (!folded.empty())
    grid.note += (grid.note.empty() ? "each cell: best over " : "; best over ") + folded;
  grid.indistinguishable.assign(size, false);
  return grid;
}

std::string best_cell_text(const HeatMapGrid& grid) {
  if (grid.best_x < 0) return "no finished point yet";
  const size_t index = size_t(grid.best_y) * grid.x_values.size() + size_t(grid.best_x);
  const double value = grid.cells[index];
  return grid.points[index] + ": " + grid.metric + " " +
         (grid.percent ? number_cell(100 * value, "%.1f%%") : number_cell(value, "%.4f"));
}

}  // namespace rcmae
