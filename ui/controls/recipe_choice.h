#pragma once
// The measured training recipes (rcmae/train/recipe.h) as the window offers them: the
// recipe's settings on top of the window's own, Fashion-MNIST replaced by synthetic images
// when the Debian package is not installed, and whether a configuration still is the recipe
// it names (any edit of a setting the recipe sets makes it Custom) or its widths the preset
// it names.
#include <QString>
#include <QStringList>

#include "rcmae/train/train_config.h"

namespace rcmae::ui {

// Fashion-MNIST as the Debian package installs it (/usr/share/datasets/fashion-mnist).
bool fashion_mnist_available();

// apply_recipe(name, base) with the synthetic fallback; `base` when the name is unknown.
TrainConfig window_recipe(const std::string& name, const TrainConfig& base);
// True when `config` is exactly what its recipe makes of it (false without a recipe).
bool follows_recipe(const TrainConfig& config);
// True when the encoder and decoder widths are those of the named preset.
bool matches_preset(const std::string& preset, const ModelConfig& model);
// Every setting that defines a run (the recipe's name aside) is the same.
bool same_training(const TrainConfig& a, const TrainConfig& b);

}  // namespace rcmae::ui
