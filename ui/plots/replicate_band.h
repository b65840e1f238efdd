#pragma once
// Replicates of one setting (runs that differ only in their seed) as what a reader can judge:
// their mean curve and a 95 % band for it (mean ± t(0.975, n-1) · sd / √n at each x), so two
// settings whose bands overlap are not told apart by eye on one lucky seed.
#include <vector>

namespace rcmae::ui {

struct ReplicateBand {
  std::vector<double> x, mean, lower, upper;
  int runs = 0;
};

// `xs[i]`, `ys[i]`: run i's curve, x increasing. The band is taken at the first run's x values
// that every run covers (the others linearly interpolated there: arms of a fork share their
// steps exactly, wall-clock axes do not). Fewer than two runs: mean only, lower = upper = mean.
ReplicateBand replicate_band(const std::vector<std::vector<double>>& xs,
                             const std::vector<std::vector<double>>& ys);

}  // namespace rcmae::ui
