#pragma once
// What the encoder's cls token attends to in the demo batch, per layer and head, and its
// attention rollout: plain float buffers that travel with a ReconstructionSnapshot to the
// GUI and into snapshot files. The encoder sees only the visible patches, so there are
// values for those alone; hidden patches have none, and nothing may be drawn for them.
#include <vector>

namespace rcmae {

struct AttentionMaps {
  int layers = 0;
  int heads = 0;
  int tokens = 0;  // the cls token and the visible patches: 1 + visible patches per image
  // [count, layers, heads, tokens]: the cls token's row of each head's softmax. Entry 0 is
  // the cls token's attention to itself; entries 1.. are the image's visible patches in
  // raster order (the order of the zeros in the snapshot's mask). Each row sums to 1.
  std::vector<float> cls_attention;
  // [count, tokens]: the cls row of the attention rollout through all layers, same order.
  std::vector<float> rollout;

  bool empty() const { return cls_attention.empty() || tokens <= 0; }
  int visiblePatches() const { return tokens - 1; }
  int images() const {
    return empty() ? 0 : int(cls_attention.size() / (size_t(layers) * heads * tokens));
  }
  const float* clsRow(int image, int layer, int head) const {
    return cls_attention.data() + ((size_t(image) * layers + layer) * heads + head) * tokens;
  }
  const float* rolloutRow(int image) const { return rollout.data() + size_t(image) * tokens; }
};

}  // namespace rcmae
