#include "plots/replicate_band.h"

#include <algorithm>
#include <cmath>

#include "rcmae/stats/student_t.h"

namespace rcmae::ui {
namespace {

// y of a curve at x (linear between its points); NaN outside its range.
double value_at(const std::vector<double>& xs, const std::vector<double>& ys, double x) {
  if (xs.empty() || x < xs.front() || x > xs.back()) return NAN;
  const auto upper = std::lower_bound(xs.begin(), xs.end(), x);
  const size_t i = size_t(upper - xs.begin());
  if (xs[i] == x || i == 0) return ys[i];
  const double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

}  // namespace

ReplicateBand replicate_band(const std::vector<std::vector<double>>& xs,
                             const std::vector<std::vector<double>>& ys) {
  ReplicateBand band;
  band.runs = int(xs.size());
  if (xs.empty()) return band;
  const double t = band.runs >= 2 ? stats::student_t_quantile(0.975, band.runs - 1) : 0.0;
  for (const double x : xs.front()) {
    double sum = 0, sum_squares = 0;
    bool covered = true;
    std::vector<double> values;
    for (size_t r = 0; r < xs.size() && covered; ++r) {
      const double y = value_at(xs[r], ys[r], x);
      covered = std::isfinite(y);
      values.push_back(y);
    }
    if (!covered) continue;
    for (const double y : values) sum += y;
    const double mean = sum / double(values.size());
    for (const double y : values) sum_squares += (y - mean) * (y - mean);
    const double half =
        values.size() >= 2
            ? t * std::sqrt(sum_squares / double(values.size() - 1) / double(values.size()))
            : 0.0;
    band.x.push_back(x);
    band.mean.push_back(mean);
    band.lower.push_back(mean - half);
    band.upper.push_back(mean + half);
  }
  return band;
}

}  // namespace rcmae::ui
