#include "rcmae/model/mask_strategy_name.h"

namespace rcmae {

std::optional<MaskStrategy> mask_strategy_from_string(const std::string& name) {
  if (name == "random") return MaskStrategy::Random;
  if (name == "block") return MaskStrategy::Block;
  if (name == "grid") return MaskStrategy::Grid;
  return std::nullopt;
}

std::string to_string(MaskStrategy strategy) {
  switch (strategy) {
    case MaskStrategy::Block:
      return "block";
    case MaskStrategy::Grid:
      return "grid";
    default:
      return "random";
  }
}

std::vector<std::string> mask_strategy_names() { return {"random", "block", "grid"}; }

}  // namespace rcmae
