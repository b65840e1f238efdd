#pragma once
// config.json's parts: the training configuration (train_config_json.h, the codec) and the
// dataset a run trained on.
#include <nlohmann/json.hpp>

#include "rcmae/data/batch_source.h"
#include "rcmae/io/train_config_json.h"

namespace rcmae {

nlohmann::json to_json(const DatasetInfo& info);

}  // namespace rcmae
