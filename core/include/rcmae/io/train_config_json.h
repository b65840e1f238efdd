#pragma once
// The one codec of a training configuration: TrainConfig <-> JSON. config.json in every run
// folder, checkpoints, sweep.json, the window's saved settings and the configuration file a
// child `rcmae train --config FILE` reads all go through it, so a field added here travels
// everywhere. Torch-free (the GUI includes it).
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "rcmae/train/train_config.h"

namespace rcmae {

// A key with a value of the wrong type or an unknown name ("mode": "foo"); says which key.
class ConfigJsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json to_json(const ModelConfig& model);
// Every field under its own key (ModelConfig's under "model"), as set: "warmup_steps" -1 is
// "2.5 % of the steps" here too. "peak_lr" is added for readers and ignored on the way back.
nlohmann::json to_json(const TrainConfig& config);
// Reads what to_json wrote onto `base`: a missing key keeps base's value, an unknown key is
// ignored (a run folder's config.json also carries "data"). Throws ConfigJsonError.
TrainConfig train_config_from_json(const nlohmann::json& json, TrainConfig base = {});

}  // namespace rcmae
