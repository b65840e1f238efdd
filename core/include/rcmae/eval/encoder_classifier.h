#pragma once
// The fine-tuning model, MAE's models_vit.VisionTransformer on a MaeVit's encoder: whole
// (unmasked) images through the blocks, then either the mean of the patch tokens normalised
// by a fresh fc_norm (global pooling, the default) or the final norm's cls token, then a
// linear head. The same forward as models_vit, so the fine-tuned weights run unchanged in
// PyTorch (io/mae_state_dict.h: vit_classifier_state_dict). The decoder is carried along
// but never used or trained.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "rcmae/model/mae_vit.h"
#include "rcmae/model/masking.h"

namespace rcmae {

struct EncoderClassifierImpl : torch::nn::Module {
  // Shares `encoder`'s weights (fine-tuning changes them in place); the head starts at
  // ~zero (std 2e-5, as MAE fine-tuning) so the first steps do not disturb the encoder.
  // global_pool false: the cls token (the pretrained final norm is kept and trained).
  EncoderClassifierImpl(MaeVit encoder, int64_t num_classes, bool global_pool = true);

  torch::Tensor forward(const torch::Tensor& images);  // [N, C, H, W] -> logits [N, classes]
  // The same on the patches `plan` keeps (fine-tuning with dropped tokens): the mean is over
  // the kept patch tokens. forward(images) is this with every patch kept, in order.
  // branch_keep: stochastic depth's draws for the encoder's blocks, [N, depth, 2]
  // (model/drop_path.h); undefined, every branch kept at full weight.
  torch::Tensor forward(const torch::Tensor& images, const MaskPlan& plan,
                        const torch::Tensor& branch_keep = {});

  bool global_pool = true;
  MaeVit encoder{nullptr};
  // Global pooling only; starts at ones / zeros as in models_vit, where MAE's fine-tuning
  // drops the pretrained `norm` (unused then, and left out of the optimiser here).
  torch::nn::LayerNorm fc_norm{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(EncoderClassifier);

// One AdamW parameter group of layer-wise lr decay: parameters of one depth, with or
// without weight decay, and the factor on the scheduled lr.
struct LayerGroup {
  int layer = 0;          // 0: patch embedding, cls token; i + 1: block i; depth + 1: norm, head
  bool decays = true;     // weights decay; biases, norms and the cls token do not
  double lr_scale = 1.0;  // layer_decay ^ (depth + 1 - layer)
  std::vector<std::string> names;
  std::vector<torch::Tensor> parameters;
};

// The depth a parameter sits at, for layer-wise lr decay (BEiT / MAE fine-tuning): inputs
// are layer 0, encoder block i is i + 1, the final norm (or fc_norm) and the head are
// depth + 1.
int parameter_layer(const std::string& name, int depth);

// The encoder's and head's trainable parameters (decoder excluded, and with global pooling
// the unused final norm) grouped by layer and decay, ordered by layer. layer_decay 1 gives every
// group scale 1.
std::vector<LayerGroup> layer_groups(EncoderClassifier& model, double layer_decay);

}  // namespace rcmae
