#pragma once
#include <nlohmann/json.hpp>

#include "rcmae/data/batch_source.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

nlohmann::json to_json(const ModelConfig& model);
nlohmann::json to_json(const TrainConfig& config);
nlohmann::json to_json(const DatasetInfo& info);
// Reads what to_json wrote; missing keys keep their defaults.
TrainConfig train_config_from_json(const nlohmann::json& json);

}  // namespace rcmae
