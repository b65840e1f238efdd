#pragma once
// Maps command-line options onto a TrainConfig (shared by train and bench).
#include <set>
#include <string>

#include "arg_list.h"
#include "rcmae/train/train_config.h"

namespace rcmae::cli {

// Options understood by train_config_from_args.
const std::set<std::string>& train_option_names();
// Throws UsageError for unknown preset/mode/schedule and for invalid values.
TrainConfig train_config_from_args(const ArgList& args);
const char* train_options_help();

}  // namespace rcmae::cli
