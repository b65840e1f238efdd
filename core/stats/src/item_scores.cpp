#include "rcmae/stats/item_scores.h"

#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace rcmae::stats {

double ItemScores::value() const {
  if (numerator.size() != denominator.size())
    throw std::invalid_argument("ItemScores::value: " + std::to_string(numerator.size()) +
                                " numerators but " + std::to_string(denominator.size()) +
                                " denominators");
  const double total = std::accumulate(denominator.begin(), denominator.end(), 0.0);
  // No items, or nothing to divide by (every image flat): the metric has no value.
  if (numerator.empty() || total == 0) return std::numeric_limits<double>::quiet_NaN();
  return std::accumulate(numerator.begin(), numerator.end(), 0.0) / total;
}

}  // namespace rcmae::stats
