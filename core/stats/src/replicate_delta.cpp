#include "replicate_delta.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "rcmae/stats/chi_squared.h"
#include "rcmae/stats/student_t.h"

namespace rcmae::stats {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

double sample_variance(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double centre = mean(values);
  double squares = 0;
  for (double v : values) squares += (v - centre) * (v - centre);
  return squares / double(values.size() - 1);
}

// How much each item moves one replicate's ratio Q = sum a / sum b: to first order
// Q_hat - Q = mean_i (a_i - Q b_i) / mean(b), so the item's share is (a_i - Q b_i) / mean(b).
// For a plain mean (b = 1) that is just the item's distance from the mean.
std::vector<double> influence(const ItemScores& scores) {
  const double q = scores.value();
  const std::vector<double>& b = scores.denominator;
  const double mean_b = mean(b);
  std::vector<double> z(b.size());
  for (size_t i = 0; i < z.size(); ++i) z[i] = (scores.numerator[i] - q * b[i]) / mean_b;
  return z;
}

// The influence of item i on d_r, as an R x n table (row r: replicate r), and its pieces:
// item means (mean over replicates) and the two-way residual mean square.
struct InfluenceTable {
  std::vector<std::vector<double>> rows;
  std::vector<double> item_means;
  double residual_mean_square = 0;
};

InfluenceTable influence_table(const std::vector<ItemScores>& arm,
                               const std::vector<ItemScores>& control) {
  InfluenceTable table;
  const size_t replicates = arm.size(), items = arm[0].numerator.size();
  for (size_t r = 0; r < replicates; ++r) {
    std::vector<double> row = influence(arm[r]);
    const std::vector<double> control_row = influence(control[r]);
    for (size_t i = 0; i < items; ++i) row[i] -= control_row[i];
    table.rows.push_back(std::move(row));
  }
  table.item_means.assign(items, 0.0);
  for (const auto& row : table.rows)
    for (size_t i = 0; i < items; ++i) table.item_means[i] += row[i] / double(replicates);
  if (items < 2) return table;
  // What is left of z_{r,i} after its replicate mean and its item mean: the item x replicate
  // noise. (Rows sum to 0 by construction; they are subtracted anyway, not assumed.)
  const double grand = mean(table.item_means);
  double squares = 0;
  for (const auto& row : table.rows) {
    const double row_mean = mean(row);
    for (size_t i = 0; i < items; ++i) {
      const double residual = row[i] - table.item_means[i] - row_mean + grand;
      squares += residual * residual;
    }
  }
  table.residual_mean_square = squares / double((replicates - 1) * (items - 1));
  return table;
}

// The Welch-Satterthwaite df of A + (B - C), computed with A at its 75 % upper confidence
// bound A (R - 1) / χ²_{R-1}(0.25). A has only R - 1 degrees of freedom (1 or 2 for 2 or 3
// replicates), and with the point estimate the df comes out too large exactly when A came out
// too small: the interval is then too narrow twice over. Simulated over every split between
// replicate and item noise, 95 % intervals with the plain plug-in covered 92-95 % for R = 3
// and 87-95 % for R = 2; with the bound 94.6-96.6 % and 93.8-97.6 %. From R = 5 on the two
// differ little (94-95 % and 95-96 %). The SE itself keeps A.
double satterthwaite_df(double a, double b, double c, double R, double n) {
  constexpr double kUpperBound = 0.75;
  const double replicate_df = R - 1;
  const double a_upper = a * replicate_df / chi_squared_quantile(1 - kUpperBound, replicate_df);
  const double combined = a_upper + b - c;
  return combined * combined /
         (a_upper * a_upper / replicate_df + b * b / (n - 1) + c * c / (replicate_df * (n - 1)));
}

}  // namespace

DeltaInterval replicate_delta_interval(const std::vector<ItemScores>& arm,
                                       const std::vector<ItemScores>& control, double level) {
  const size_t replicates = arm.size(), items = arm[0].numerator.size();
  const double R = double(replicates), n = double(items);
  std::vector<double> per_replicate(replicates);
  for (size_t r = 0; r < replicates; ++r) per_replicate[r] = arm[r].value() - control[r].value();
  DeltaInterval interval;
  interval.diff = mean(per_replicate);
  if (!std::isfinite(interval.diff)) return {kNaN, kNaN, kNaN, kNaN, kNaN};

  const InfluenceTable table = influence_table(arm, control);
  const double a = sample_variance(per_replicate) / R;
  const double b = sample_variance(table.item_means) / n;
  const double c = table.residual_mean_square / (n * R);
  // B - C estimates the shared item variance over n; sampling noise can make it negative,
  // and a variance is not, so the item part is then dropped.
  const double item_part = std::max(b - c, 0.0);
  const double variance = a + item_part;
  interval.low = interval.high = interval.diff;
  if (!(variance > 0)) return interval;  // identical differences everywhere: nothing to spread

  interval.standard_error = std::sqrt(variance);
  interval.df = item_part > 0 ? satterthwaite_df(a, b, c, R, n) : R - 1;
  const double t = student_t_quantile((1 + level) / 2, interval.df);
  interval.low = interval.diff - t * interval.standard_error;
  interval.high = interval.diff + t * interval.standard_error;
  return interval;
}

}  // namespace rcmae::stats
