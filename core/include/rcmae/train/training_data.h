#pragma once
// The training stream a run configuration asks for: one mapping from TrainConfig to the
// data layer's options, shared by the CLI, the benchmarks and the GUI session.
#include "rcmae/data/source_factory.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

DataOptions data_options_for(const TrainConfig& config);

}  // namespace rcmae
