#include "rcmae/sweep/sweep_axis.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "rcmae/model/mask_strategy.h"

namespace rcmae {

namespace {

double parse_number(const std::string& axis, const std::string& text) {
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(axis + ": expected a number, got '" + text + "'");
}

bool is_numeric_axis(const std::string& axis) { return axis != "mode" && axis != "mask-strategy"; }

// Rejects values no run could use, so a bad list fails before the first point trains.
std::string canonical_value(const std::string& axis, const std::string& text) {
  if (axis == "mode") {
    if (!teacher_mode_from_string(text))
      throw std::invalid_argument("mode: unknown mode '" + text + "' (mae, rcmae, rcmae-d)");
    return text;
  }
  if (axis == "mask-strategy") {
    if (!mask_strategy_from_string(text))
      throw std::invalid_argument("mask-strategy: unknown strategy '" + text +
                                  "' (random, block, grid)");
    return text;
  }
  const double value = parse_number(axis, text);
  if (axis == "seed") {
    if (value < 0 || value != std::floor(value))
      throw std::invalid_argument("seed: expected an integer >= 0, got '" + text + "'");
    return std::to_string(static_cast<unsigned long long>(value));
  }
  return canonical_number(value);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

}  // namespace

const std::vector<std::string>& sweep_axis_names() {
  static const std::vector<std::string> names = {
      "mask-ratio", "momentum", "gamma", "base-lr", "mode", "seed", "mask-strategy"};
  return names;
}

std::string canonical_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

SweepAxis parse_sweep_axis(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos)
    throw std::invalid_argument("'" + text + "': expected AXIS=V1,V2,... or AXIS=LO:HI");
  SweepAxis axis;
  axis.name = text.substr(0, equals);
  const std::string values = text.substr(equals + 1);
  bool known = false;
  for (const auto& name : sweep_axis_names()) known = known || name == axis.name;
  if (!known)
    throw std::invalid_argument("'" + axis.name +
                                "': not a sweep axis (mask-ratio, momentum, gamma, base-lr, "
                                "mode, seed, mask-strategy)");
  if (values.find(':') != std::string::npos) {
    const auto bounds = split(values, ':');
    if (bounds.size() != 2 || !is_numeric_axis(axis.name) || axis.name == "seed")
      throw std::invalid_argument(axis.name + ": a range is LO:HI on a real-valued axis");
    const double lo = parse_number(axis.name, bounds[0]);
    const double hi = parse_number(axis.name, bounds[1]);
    if (!(lo < hi)) throw std::invalid_argument(axis.name + ": range needs LO < HI");
    if (axis.name == "base-lr" && lo <= 0)
      throw std::invalid_argument("base-lr: a range is drawn log-uniformly, LO must be > 0");
    axis.range = std::make_pair(lo, hi);
    return axis;
  }
  for (const auto& value : split(values, ',')) {
    if (value.empty()) throw std::invalid_argument(axis.name + ": empty value in '" + values + "'");
    const std::string canonical = canonical_value(axis.name, value);
    for (const auto& seen : axis.values)
      if (seen == canonical)
        throw std::invalid_argument(axis.name + ": '" + value + "' listed twice");
    axis.values.push_back(canonical);
  }
  return axis;
}

void apply_axis_value(TrainConfig& config, const std::string& axis, const std::string& value) {
  if (axis == "mode") {
    auto mode = teacher_mode_from_string(value);
    if (!mode) throw std::invalid_argument("mode: unknown mode '" + value + "'");
    config.mode = *mode;
  } else if (axis == "mask-strategy") {
    if (!mask_strategy_from_string(value))
      throw std::invalid_argument("mask-strategy: unknown strategy '" + value + "'");
    config.mask_strategy = value;
  } else if (axis == "mask-ratio") {
    config.mask_ratio = parse_number(axis, value);
  } else if (axis == "momentum") {
    config.momentum = parse_number(axis, value);
  } else if (axis == "gamma") {
    config.gamma = parse_number(axis, value);
  } else if (axis == "base-lr") {
    config.base_lr = parse_number(axis, value);
  } else if (axis == "seed") {
    config.seed = static_cast<uint64_t>(parse_number(axis, value));
  } else {
    throw std::invalid_argument("'" + axis + "': not a sweep axis");
  }
}

std::string axis_label(const std::string& axis, const std::string& value) {
  if (axis == "mask-ratio") return "mask" + value;
  if (axis == "momentum") return "mom" + value;
  if (axis == "base-lr") return "lr" + value;
  if (axis == "mode" || axis == "mask-strategy") return value;
  return axis + value;  // gamma, seed
}

}  // namespace rcmae
