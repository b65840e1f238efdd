#pragma once
// A metric kept item by item, so that two arms measured on the same items can be compared
// pair by pair (rcmae/stats/paired_difference.h) instead of as two loose averages.
#include <vector>

namespace rcmae::stats {

// One metric measured item by item (held-out image, classified query) on one arm in one
// replicate. The metric is sum(numerator) / sum(denominator) over the items: a mean when every
// denominator is 1 (accuracy: numerator 1 = correct), a ratio of totals otherwise (held-out
// NMSE: squared error of an image over the squared error of its mean fill).
struct ItemScores {
  std::vector<double> numerator;
  std::vector<double> denominator;
  // sum(numerator) / sum(denominator); NaN if empty or sum(den) == 0. Throws
  // std::invalid_argument when numerator and denominator differ in size.
  double value() const;
};

}  // namespace rcmae::stats
