#pragma once
// The several-replicate interval of paired_difference: the delta method with the variance
// split into replicate and item parts (the method is described in
// rcmae/stats/paired_difference.h).
#include <vector>

#include "rcmae/stats/item_scores.h"

namespace rcmae::stats {

struct DeltaInterval {
  double diff = 0;  // mean over replicates of value(arm) - value(control)
  double low = 0, high = 0;
  double standard_error = 0;
  double df = 0;  // Welch-Satterthwaite degrees of freedom of the t (0 when SE is 0)
};

// arm and control: R >= 2 replicates, each with the same n >= 1 items (checked by the caller).
DeltaInterval replicate_delta_interval(const std::vector<ItemScores>& arm,
                                       const std::vector<ItemScores>& control, double level);

}  // namespace rcmae::stats
