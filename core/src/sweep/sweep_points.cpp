#include "rcmae/sweep/sweep_points.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <stdexcept>

namespace rcmae {

namespace {

constexpr size_t kMaxGridPoints = 100000;

size_t axis_position(const std::string& axis) {
  const auto& names = sweep_axis_names();
  return static_cast<size_t>(std::find(names.begin(), names.end(), axis) - names.begin());
}

std::vector<SweepAxis> ordered_axes(const SweepSpec& spec) {
  auto axes = spec.axes;
  std::stable_sort(axes.begin(), axes.end(), [](const SweepAxis& a, const SweepAxis& b) {
    return axis_position(a.name) < axis_position(b.name);
  });
  return axes;
}

size_t grid_size(const std::vector<SweepAxis>& axes) {
  size_t size = 1;
  for (const auto& axis : axes) size *= axis.values.size();
  return size;
}

bool has_range(const std::vector<SweepAxis>& axes) {
  return std::any_of(axes.begin(), axes.end(),
                     [](const SweepAxis& a) { return a.range.has_value(); });
}

std::string point_name(const SweepPoint& point) { return point_name_without(point, ""); }

// Grid index -> one value per axis (mixed radix, last axis fastest).
SweepPoint grid_point(const std::vector<SweepAxis>& axes, size_t index) {
  SweepPoint point;
  point.values.resize(axes.size());
  for (size_t a = axes.size(); a-- > 0;) {
    const auto& values = axes[a].values;
    point.values[a] = {axes[a].name, values[index % values.size()]};
    index /= values.size();
  }
  point.name = point_name(point);
  return point;
}

// Uniform in [0, n) from the 64-bit engine, the same on every standard library (unlike
// std::uniform_int_distribution), so a seed names the same points everywhere.
size_t draw_index(std::mt19937_64& engine, size_t n) { return static_cast<size_t>(engine() % n); }

double draw_unit(std::mt19937_64& engine) { return double(engine() >> 11) * 0x1.0p-53; }

std::string round_to_4_digits(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return canonical_number(std::stod(text));
}

std::vector<SweepPoint> random_grid_points(const std::vector<SweepAxis>& axes, size_t count,
                                           std::mt19937_64& engine) {
  const size_t size = grid_size(axes);
  std::vector<size_t> order(size);
  for (size_t i = 0; i < size; ++i) order[i] = i;
  count = std::min(count, size);
  for (size_t i = 0; i < count; ++i) std::swap(order[i], order[i + draw_index(engine, size - i)]);
  std::vector<SweepPoint> points;
  for (size_t i = 0; i < count; ++i) points.push_back(grid_point(axes, order[i]));
  return points;
}

std::string draw_value(const SweepAxis& axis, std::mt19937_64& engine) {
  if (!axis.range) return axis.values[draw_index(engine, axis.values.size())];
  const auto [lo, hi] = *axis.range;
  const double u = draw_unit(engine);
  const double value = axis.name == "base-lr"
                           ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo)))
                           : lo + u * (hi - lo);
  return round_to_4_digits(value);
}

std::vector<SweepPoint> random_independent_points(const std::vector<SweepAxis>& axes, size_t count,
                                                  std::mt19937_64& engine) {
  std::vector<SweepPoint> points;
  std::set<std::string> names;
  // A repeat (possible after rounding, or on a listed axis) is drawn again, a bounded number
  // of times: a tiny range cannot hang the expansion.
  for (size_t attempts = 0; points.size() < count && attempts < 100 * count; ++attempts) {
    SweepPoint point;
    for (const auto& axis : axes) point.values.emplace_back(axis.name, draw_value(axis, engine));
    point.name = point_name(point);
    if (names.insert(point.name).second) points.push_back(point);
  }
  return points;
}

}  // namespace

std::string SweepPoint::value(const std::string& axis) const {
  for (const auto& [name, text] : values)
    if (name == axis) return text;
  return "";
}

void check_sweep_spec(const SweepSpec& spec) {
  if (spec.axes.empty()) throw std::invalid_argument("a sweep needs at least one axis (--grid)");
  std::set<std::string> seen;
  for (const auto& axis : spec.axes) {
    if (!seen.insert(axis.name).second)
      throw std::invalid_argument(axis.name + ": axis given twice");
    if (axis.range && spec.random_points <= 0)
      throw std::invalid_argument(axis.name + ": a LO:HI range needs random search (--random N)");
    if (!axis.range && axis.values.empty()) throw std::invalid_argument(axis.name + ": no values");
  }
  if (spec.random_points < 0) throw std::invalid_argument("--random: must be >= 0");
  if (spec.random_points == 0) {
    double size = 1;
    for (const auto& axis : spec.axes) size *= double(axis.values.size());
    if (size > double(kMaxGridPoints))
      throw std::invalid_argument("the grid has " + canonical_number(size) +
                                  " points; use --random N to sample it");
  }
}

std::vector<SweepPoint> expand_sweep(const SweepSpec& spec) {
  check_sweep_spec(spec);
  const auto axes = ordered_axes(spec);
  if (spec.random_points == 0) {
    std::vector<SweepPoint> points;
    for (size_t i = 0; i < grid_size(axes); ++i) points.push_back(grid_point(axes, i));
    return points;
  }
  std::mt19937_64 engine(spec.random_seed);
  const auto count = static_cast<size_t>(spec.random_points);
  if (!has_range(axes) && grid_size(axes) <= kMaxGridPoints)
    return random_grid_points(axes, count, engine);
  return random_independent_points(axes, count, engine);
}

TrainConfig config_for_point(const TrainConfig& base, const SweepPoint& point) {
  TrainConfig config = base;
  for (const auto& [axis, value] : point.values) apply_axis_value(config, axis, value);
  if (auto problem = validate(config))
    throw std::invalid_argument("sweep point " + point.name + ": " + problem->to_string());
  return config;
}

std::string point_name_without(const SweepPoint& point, const std::string& left_out) {
  std::string name;
  for (const auto& [axis, value] : point.values)
    if (axis != left_out) name += (name.empty() ? "" : "_") + axis_label(axis, value);
  return name;
}

}  // namespace rcmae
