#pragma once
// Named training recipes chosen by measured time-to-target on a 2-core laptop CPU
// (docs/LEARNING.md): what to train so a user sees learning in the time they have.
//   teaching  reconstructions recognisable within a lecture minute
//   research  features that beat raw pixels within minutes, for MAE vs RC-MAE studies
// A recipe sets the dataset shape, model widths, patch, target type, batch, lr, warmup,
// weight decay, EMA momentum, steps and time budget; everything else comes from `base`,
// and command-line flags given after it override what it set.
#include <optional>
#include <string>
#include <vector>

#include "rcmae/train/train_config.h"

namespace rcmae {

std::vector<std::string> recipe_names();
std::optional<TrainConfig> apply_recipe(const std::string& name, TrainConfig base);
// One line for menus and --help: what the recipe is for and what it costs.
std::string recipe_description(const std::string& name);

}  // namespace rcmae
