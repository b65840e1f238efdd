#include "rcmae/sweep/loss_curve.h"

#include <cmath>
#include <stdexcept>

#include "rcmae/run/csv_tail.h"

namespace rcmae {

LossCurve read_loss_curve(const std::filesystem::path& metrics_csv, const std::string& column) {
  run::CsvTail metrics(metrics_csv);
  metrics.keep_only({"step", column});
  metrics.poll();
  LossCurve curve;
  if (metrics.header().empty()) return curve;
  if (!metrics.has_column(column))
    throw std::runtime_error(metrics_csv.string() + ": no " + column + " column");
  const auto& steps = metrics.column("step");
  const auto& values = metrics.column(column);
  for (size_t row = 0; row < steps.size(); ++row) {
    if (!(steps[row] >= 1)) continue;  // NaN or not a step
    const size_t step = size_t(steps[row]);
    if (curve.size() < step) curve.resize(step, std::nan(""));
    curve[step - 1] = values[row];
  }
  return curve;
}

}  // namespace rcmae
