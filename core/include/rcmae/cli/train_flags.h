#pragma once
// The training options of the command line, parsed once for `rcmae` (train, bench, sweep,
// export, import) and `rcmae-workbench`: `--config FILE.json` (a run folder's config.json
// works as it is), then `--recipe NAME`, then every flag, each overriding what came before.
// Torch-free.
#include <set>
#include <string>

#include "rcmae/cli/arg_list.h"
#include "rcmae/train/train_config.h"

namespace rcmae::cli {

// Every training option, --config and --recipe included.
const std::set<std::string>& train_option_names();
// The options among them that take no value, plus `extra` (a command's own switches): what
// an ArgList needs to know to parse them.
std::set<std::string> train_switches(std::set<std::string> extra = {});
// Where a flag's value sits in the configuration's JSON (rcmae/io/train_config_json.h):
// "--mask-ratio" -> "/mask_ratio", "--img" -> "/model/img_size"; "" for --config, which
// names no field.
std::string train_flag_json_pointer(const std::string& flag);

// The configuration the flags start from: the --config file read onto `defaults` (or
// `defaults`), then the --recipe applied. Throws UsageError.
TrainConfig train_config_start(const ArgList& args, const TrainConfig& defaults);
// Every flag over `start` (--preset replaces the widths, then width flags override them),
// validated. Throws UsageError naming the option.
TrainConfig apply_train_flags(const ArgList& args, const TrainConfig& start);
// Both of the above.
TrainConfig train_config_from_args(const ArgList& args, const TrainConfig& defaults = {});

const char* train_options_help();

}  // namespace rcmae::cli
