#pragma once
// The mask strategies by name, without torch: config validation, the flag parser and the
// JSON codec only need the names (model/mask_strategy.h builds the masks), so they stay
// torch-free and can be built with sanitizers (tests/sanitize).
#include <optional>
#include <string>
#include <vector>

namespace rcmae {

enum class MaskStrategy { Random, Block, Grid };

std::optional<MaskStrategy> mask_strategy_from_string(const std::string& name);
std::string to_string(MaskStrategy strategy);
std::vector<std::string> mask_strategy_names();  // random, block, grid

}  // namespace rcmae
