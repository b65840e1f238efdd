#pragma once
// Data-parallel options of `rcmae train`: the launcher environment (RANK, WORLD_SIZE,
// LOCAL_RANK, MASTER_ADDR, MASTER_PORT, as torchrun sets them) and flags that override it.
#include <optional>
#include <set>
#include <string>

#include "rcmae/cli/arg_list.h"
#include "rcmae/dist/data_parallel.h"

namespace rcmae::cli {

const std::set<std::string>& dist_option_names();
// Empty when the run is not distributed (world size 1). Throws UsageError.
std::optional<DistOptions> dist_options_from(const ArgList& args);
const char* dist_options_help();

}  // namespace rcmae::cli
