#pragma once
// A sweep's spec (axes; full grid or a random sample of fixed size) and its expansion into
// points, each one ordinary training run.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "rcmae/sweep/sweep_axis.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

struct SweepSpec {
  std::vector<SweepAxis> axes;
  int random_points = 0;     // 0: the full grid; N > 0: N points drawn with random_seed
  uint64_t random_seed = 0;  // same seed, same points
};

struct SweepPoint {
  std::string name;  // its folder in the sweep folder, e.g. "mask0.75_mom0.996"
  std::vector<std::pair<std::string, std::string>> values;  // (axis, canonical value)

  // The value of `axis`, or "" when the point does not set it.
  std::string value(const std::string& axis) const;
};

// Throws std::invalid_argument for no axes, an axis given twice, a range in a grid, or
// more than 100000 grid points.
void check_sweep_spec(const SweepSpec& spec);

// Grid: every combination, the last axis varying fastest. Random with only listed values:
// N distinct grid points (all of them when N >= the grid size), in draw order. Random with a
// range: each axis drawn independently (ranges uniform, base-lr log-uniform, values rounded to
// 4 significant digits so the name is the setting). Axes are ordered as sweep_axis_names().
std::vector<SweepPoint> expand_sweep(const SweepSpec& spec);

// The point's folder name without the fragment of `axis` ("mask0.75_seed3" without "seed":
// "mask0.75"), naming a replicated cell.
std::string point_name_without(const SweepPoint& point, const std::string& axis);

// `base` with the point's values applied; throws std::invalid_argument naming the point when
// the result is not a valid configuration.
TrainConfig config_for_point(const TrainConfig& base, const SweepPoint& point);

}  // namespace rcmae
