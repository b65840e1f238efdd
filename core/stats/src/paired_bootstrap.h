#pragma once
// The one-replicate interval of paired_difference: a paired percentile bootstrap over items
// (the method is described in rcmae/stats/paired_difference.h).
#include <cstdint>
#include <vector>

namespace rcmae::stats {

// One item scored by both arms: the arm's and the control's numerator and denominator.
struct PairedItem {
  double arm_numerator = 0, arm_denominator = 0;
  double control_numerator = 0, control_denominator = 0;
};

struct BootstrapInterval {
  double low = 0, high = 0;
  int used_resamples = 0;  // resamples whose denominators did not sum to 0
};

// Throws std::invalid_argument when items has 2^32 or more entries.
BootstrapInterval paired_bootstrap_interval(const std::vector<PairedItem>& items, int resamples,
                                            uint64_t seed, double level);

}  // namespace rcmae::stats
