#pragma once
// A TrainConfig as `rcmae train` flags (the inverse of app/cli/train_options.cpp), so the
// GUI can start the same run as a child process.
#include <QStringList>

#include "rcmae/train/train_config.h"

namespace rcmae::ui {

QStringList train_arguments(const TrainConfig& config);

}  // namespace rcmae::ui
