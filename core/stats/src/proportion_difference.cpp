#include "rcmae/stats/proportion_difference.h"

#include <cmath>
#include <limits>

namespace rcmae::stats {
namespace {
constexpr double kZ95 = 1.959963984540054;  // the standard normal's 97.5 % quantile

bool valid(double accuracy, int64_t images) {
  return images >= 1 && accuracy >= 0 && accuracy <= 1;
}
}  // namespace

ProportionDifference proportion_difference(double accuracy_a, int64_t images_a, double accuracy_b,
                                           int64_t images_b) {
  ProportionDifference d;
  d.difference = accuracy_a - accuracy_b;
  if (!valid(accuracy_a, images_a) || !valid(accuracy_b, images_b)) {
    d.ci_low = d.ci_high = std::numeric_limits<double>::quiet_NaN();
    return d;
  }
  const double variance = accuracy_a * (1 - accuracy_a) / double(images_a) +
                          accuracy_b * (1 - accuracy_b) / double(images_b);
  const double half_width = kZ95 * std::sqrt(variance);
  d.ci_low = d.difference - half_width;
  d.ci_high = d.difference + half_width;
  return d;
}

}  // namespace rcmae::stats
