#pragma once
// Shape of a ViT masked auto-encoder. Plain values, no torch: shared by the CLI, the GUI
// and the engine.
#include <optional>
#include <string>
#include <vector>

namespace rcmae {

struct ModelConfig {
  int img_size = 32;
  int channels = 3;
  int patch = 4;
  int enc_dim = 192;
  int enc_depth = 12;
  int enc_heads = 3;
  int dec_dim = 128;
  int dec_depth = 2;
  int dec_heads = 4;
  int mlp_ratio = 4;
  bool norm_pix_loss = true;

  int grid() const { return img_size / patch; }
  int num_patches() const { return grid() * grid(); }
  int patch_dim() const { return patch * patch * channels; }
};

// Encoder/decoder widths of a named preset (micro, tiny, small, base); image size,
// channels and patch are left as in `base`.
std::optional<ModelConfig> apply_preset(const std::string& name, ModelConfig base);
std::vector<std::string> preset_names();

}  // namespace rcmae
