#pragma once
// One swept setting: which TrainConfig field it drives, the values it takes (or a range for
// random search), and how a value appears in a point's folder name.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rcmae/train/train_config.h"

namespace rcmae {

struct SweepAxis {
  std::string name;                 // mask-ratio | momentum | gamma | base-lr | mode | seed
  std::vector<std::string> values;  // listed values in canonical text (grid or random choice)
  // lo:hi instead of a list: random search draws uniformly (base-lr: log-uniformly).
  std::optional<std::pair<double, double>> range;
};

// The axes a sweep may vary, in the order they appear in folder names.
const std::vector<std::string>& sweep_axis_names();

// "mask-ratio=0.5,0.75,0.9" or "base-lr=1e-4:1e-3". Values are checked against the axis
// (a number in range, a known mode) and written canonically ("0.750" -> "0.75").
// Throws std::invalid_argument naming the axis and the bad value.
SweepAxis parse_sweep_axis(const std::string& text);

// `value` (canonical text) set on `config`. Throws std::invalid_argument for an unknown axis
// or unparsable value; the caller validates the whole config afterwards.
void apply_axis_value(TrainConfig& config, const std::string& axis, const std::string& value);

// The folder-name fragment: "mask0.75", "mom0.996", "gamma1", "lr0.00015", "rcmae", "seed3".
std::string axis_label(const std::string& axis, const std::string& value);

// A number as the canonical text used in names and sweep.json (up to 6 significant digits).
std::string canonical_number(double value);

}  // namespace rcmae
