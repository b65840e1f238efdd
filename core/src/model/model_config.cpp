#include "rcmae/model/model_config.h"

#include <map>

namespace rcmae {
namespace {

struct Widths {
  int enc_dim, enc_depth, enc_heads, dec_dim, dec_depth, dec_heads;
};

// micro is for tests only; tiny/small/base follow the paper's ViT widths.
const std::map<std::string, Widths>& presets() {
  static const std::map<std::string, Widths> table = {
      {"micro", {32, 2, 2, 32, 1, 2}},
      {"tiny", {192, 12, 3, 128, 2, 4}},
      {"small", {384, 12, 6, 256, 4, 8}},
      {"base", {768, 12, 12, 512, 8, 16}},
  };
  return table;
}

}  // namespace

std::optional<ModelConfig> apply_preset(const std::string& name, ModelConfig base) {
  auto found = presets().find(name);
  if (found == presets().end()) return std::nullopt;
  const Widths& w = found->second;
  base.enc_dim = w.enc_dim;
  base.enc_depth = w.enc_depth;
  base.enc_heads = w.enc_heads;
  base.dec_dim = w.dec_dim;
  base.dec_depth = w.dec_depth;
  base.dec_heads = w.dec_heads;
  return base;
}

std::vector<std::string> preset_names() { return {"micro", "tiny", "small", "base"}; }

}  // namespace rcmae
