#pragma once
// A sweep's definition and its sweep.json: axes, random-search settings, the base training
// configuration, the early-stopping rule and the expanded points. Written when a sweep
// starts; a restart reads it back (or checks that the same sweep was asked for).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "rcmae/sweep/median_stop_rule.h"
#include "rcmae/sweep/sweep_points.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

struct SweepDefinition {
  SweepSpec spec;
  TrainConfig base;  // every point's settings apart from the swept ones
  MedianStopRule early_stop;
  std::vector<SweepPoint> points;
};

// Expands the spec and checks every point's configuration; throws std::invalid_argument.
SweepDefinition make_sweep_definition(const SweepSpec& spec, const TrainConfig& base,
                                      const MedianStopRule& early_stop);

const char* sweep_file_name();  // "sweep.json"

nlohmann::json to_json(const SweepDefinition& sweep);
// Throws std::runtime_error for a malformed definition.
SweepDefinition sweep_definition_from_json(const nlohmann::json& json);

void write_sweep_file(const std::filesystem::path& sweep_folder, const SweepDefinition& sweep);
// Throws std::runtime_error naming the folder when there is no readable sweep.json.
SweepDefinition read_sweep_file(const std::filesystem::path& sweep_folder);

// Same points, base configuration and rule: a restart may continue the other's folder.
bool same_sweep(const SweepDefinition& a, const SweepDefinition& b);

}  // namespace rcmae
