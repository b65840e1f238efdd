#pragma once
// Maps command-line options onto a TrainConfig (shared by train and bench).
#include <set>
#include <string>

#include "arg_list.h"
#include "rcmae/train/train_config.h"

namespace rcmae::cli {

// Options understood by train_config_from_args.
const std::set<std::string>& train_option_names();
// The options among them that take no value, plus `extra` (a command's own switches): what
// an ArgList needs to know to parse them.
std::set<std::string> train_switches(std::set<std::string> extra = {});
// Throws UsageError for unknown preset/mode/schedule and for invalid values.
TrainConfig train_config_from_args(const ArgList& args);
const char* train_options_help();

}  // namespace rcmae::cli
