#pragma once
// The one-click classroom setup: a small RC-MAE on Fashion-MNIST that shows recognisable
// reconstructions within about two minutes on a 2-core laptop.
#include <QString>

#include "rcmae/train/train_config.h"

namespace rcmae::ui {

// Fashion-MNIST when it is installed (/usr/share/datasets/fashion-mnist), else synthetic.
TrainConfig teaching_config();
bool fashion_mnist_available();
// One line for the first start: what is loaded and how to begin.
QString first_start_hint();

}  // namespace rcmae::ui
