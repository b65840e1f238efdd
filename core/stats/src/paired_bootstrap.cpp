#include "paired_bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "uniform_index.h"

namespace rcmae::stats {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sorted values at probability p, interpolated between order statistics (Hyndman and Fan's
// type 7, R's default): smooth in p, and exactly the value when all values are equal.
double percentile(const std::vector<double>& sorted, double p) {
  const double position = p * double(sorted.size() - 1);
  const size_t below = size_t(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - double(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

bool every_item_equal(const std::vector<PairedItem>& items) {
  return std::all_of(items.begin(), items.end(), [](const PairedItem& item) {
    return item.arm_numerator == item.control_numerator &&
           item.arm_denominator == item.control_denominator;
  });
}

// value(arm) - value(control) over one resample: the same indices for both arms, so an item
// that is hard for both is drawn for both, and its difficulty cancels as it does in the data.
double resample_difference(const std::vector<PairedItem>& items,
                           const std::vector<uint32_t>& indices) {
  double arm_num = 0, arm_den = 0, control_num = 0, control_den = 0;
  for (const uint32_t index : indices) {
    const PairedItem& item = items[index];
    arm_num += item.arm_numerator;
    arm_den += item.arm_denominator;
    control_num += item.control_numerator;
    control_den += item.control_denominator;
  }
  return arm_num / arm_den - control_num / control_den;
}

}  // namespace

BootstrapInterval paired_bootstrap_interval(const std::vector<PairedItem>& items, int resamples,
                                            uint64_t seed, double level) {
  if (items.size() > std::numeric_limits<uint32_t>::max())
    throw std::invalid_argument("paired_difference: " + std::to_string(items.size()) +
                                " items is more than the bootstrap can index");
  BootstrapInterval interval;
  // Nothing differs, so no resample can differ: say so exactly instead of by rounding.
  if (every_item_equal(items)) {
    interval.used_resamples = resamples;
    return interval;
  }
  UniformIndex draw(uint32_t(items.size()), seed);
  std::vector<uint32_t> indices(items.size());
  std::vector<double> differences;
  differences.reserve(size_t(resamples));
  for (int b = 0; b < resamples; ++b) {
    draw.fill(indices.data(), indices.size());
    const double difference = resample_difference(items, indices);
    // A resample of only zero-denominator items (flat images) has no value; it is left out
    // rather than let a NaN reach the sort.
    if (std::isfinite(difference)) differences.push_back(difference);
  }
  interval.used_resamples = int(differences.size());
  if (differences.empty()) return {kNaN, kNaN, 0};
  std::sort(differences.begin(), differences.end());
  const double tail = (1 - level) / 2;
  interval.low = percentile(differences, tail);
  interval.high = percentile(differences, 1 - tail);
  return interval;
}

}  // namespace rcmae::stats
