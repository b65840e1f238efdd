#pragma once
// The one-click classroom setup: the "teaching" recipe (a small RC-MAE on Fashion-MNIST,
// pixel targets) whose reconstructions become recognisable within minutes on a 2-core laptop.
#include <QString>

#include "controls/recipe_choice.h"
#include "rcmae/train/train_config.h"

namespace rcmae::ui {

// Fashion-MNIST when it is installed (/usr/share/datasets/fashion-mnist), else synthetic.
TrainConfig teaching_config();
// One line for the first start: what is loaded and how to begin.
QString first_start_hint();

}  // namespace rcmae::ui
