#include "rcmae/sweep/sweep_file.h"

#include <fstream>
#include <stdexcept>

#include "rcmae/io/config_json.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

nlohmann::json axis_json(const SweepAxis& axis) {
  nlohmann::json json = {{"name", axis.name}};
  if (axis.range)
    json["range"] = {axis.range->first, axis.range->second};
  else
    json["values"] = axis.values;
  return json;
}

SweepAxis axis_from_json(const nlohmann::json& json) {
  SweepAxis axis;
  axis.name = json.at("name").get<std::string>();
  if (json.contains("range"))
    axis.range =
        std::make_pair(json.at("range").at(0).get<double>(), json.at("range").at(1).get<double>());
  else
    axis.values = json.at("values").get<std::vector<std::string>>();
  return axis;
}

nlohmann::json rule_json(const MedianStopRule& rule) {
  return {{"enabled", rule.enabled},
          {"rule", "median"},
          {"warmup_fraction", rule.warmup_fraction},
          {"eval_every", rule.eval_every},
          {"window", rule.window},
          {"min_reference", rule.min_reference}};
}

MedianStopRule rule_from_json(const nlohmann::json& json) {
  MedianStopRule rule;
  rule.enabled = json.value("enabled", rule.enabled);
  rule.warmup_fraction = json.value("warmup_fraction", rule.warmup_fraction);
  rule.eval_every = json.value("eval_every", rule.eval_every);
  rule.window = json.value("window", rule.window);
  rule.min_reference = json.value("min_reference", rule.min_reference);
  return rule;
}

nlohmann::json point_json(const SweepPoint& point) {
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [axis, value] : point.values) values[axis] = value;
  return {{"name", point.name}, {"values", values}};
}

// Values come back in sweep_axis_names() order, the order expand_sweep writes them in.
SweepPoint point_from_json(const nlohmann::json& json) {
  SweepPoint point;
  point.name = json.at("name").get<std::string>();
  const auto& values = json.at("values");
  for (const auto& axis : sweep_axis_names())
    if (values.contains(axis)) point.values.emplace_back(axis, values.at(axis).get<std::string>());
  return point;
}

}  // namespace

SweepDefinition make_sweep_definition(const SweepSpec& spec, const TrainConfig& base,
                                      const MedianStopRule& early_stop) {
  SweepDefinition sweep{spec, base, early_stop, expand_sweep(spec)};
  if (sweep.points.empty()) throw std::invalid_argument("the sweep has no points");
  for (const auto& point : sweep.points) config_for_point(base, point);  // throws on a bad one
  return sweep;
}

const char* sweep_file_name() { return "sweep.json"; }

nlohmann::json to_json(const SweepDefinition& sweep) {
  nlohmann::json axes = nlohmann::json::array();
  for (const auto& axis : sweep.spec.axes) axes.push_back(axis_json(axis));
  nlohmann::json points = nlohmann::json::array();
  for (const auto& point : sweep.points) points.push_back(point_json(point));
  return {{"format", "rcmae-sweep-1"},
          {"axes", axes},
          {"search", sweep.spec.random_points > 0 ? "random" : "grid"},
          {"random_points", sweep.spec.random_points},
          {"random_seed", sweep.spec.random_seed},
          {"steps_per_point", sweep.base.steps},
          {"early_stop", rule_json(sweep.early_stop)},
          {"base_config", to_json(sweep.base)},
          {"points", points}};
}

SweepDefinition sweep_definition_from_json(const nlohmann::json& json) {
  try {
    if (json.value("format", "") != "rcmae-sweep-1")
      throw std::runtime_error("not an rcmae sweep definition");
    SweepDefinition sweep;
    for (const auto& axis : json.at("axes")) sweep.spec.axes.push_back(axis_from_json(axis));
    sweep.spec.random_points = json.value("random_points", 0);
    sweep.spec.random_seed = json.value("random_seed", uint64_t(0));
    sweep.early_stop = rule_from_json(json.value("early_stop", nlohmann::json::object()));
    sweep.base = train_config_from_json(json.at("base_config"));
    for (const auto& point : json.at("points")) sweep.points.push_back(point_from_json(point));
    return sweep;
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(std::string("malformed sweep definition: ") + error.what());
  }
}

void write_sweep_file(const fs::path& folder, const SweepDefinition& sweep) {
  fs::create_directories(folder);
  const fs::path file = folder / sweep_file_name();
  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << to_json(sweep).dump(2) << '\n';
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": cannot write");
  }
  fs::rename(temporary, file);
}

SweepDefinition read_sweep_file(const fs::path& folder) {
  const fs::path file = folder / sweep_file_name();
  std::ifstream in(file);
  if (!in) throw std::runtime_error(folder.string() + ": not a sweep folder (no sweep.json)");
  try {
    return sweep_definition_from_json(nlohmann::json::parse(in));
  } catch (const std::exception& error) {
    throw std::runtime_error(file.string() + ": " + error.what());
  }
}

bool same_sweep(const SweepDefinition& a, const SweepDefinition& b) {
  const auto ja = to_json(a), jb = to_json(b);
  return ja.at("points") == jb.at("points") && ja.at("base_config") == jb.at("base_config") &&
         ja.at("early_stop") == jb.at("early_stop");
}

}  // namespace rcmae
