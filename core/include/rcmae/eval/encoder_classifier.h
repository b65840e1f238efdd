#pragma once
// The fine-tuning model: a MaeVit's encoder on whole (unmasked) images, the mean of its patch
// tokens (MAE's global pooling), and a linear head. The decoder is carried along but never
// used or trained.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "rcmae/model/mae_vit.h"

namespace rcmae {

struct EncoderClassifierImpl : torch::nn::Module {
  // Shares `encoder`'s weights (fine-tuning changes them in place); the head starts at
  // ~zero (std 2e-5, as MAE fine-tuning) so the first steps do not disturb the encoder.
  EncoderClassifierImpl(MaeVit encoder, int64_t num_classes);

  torch::Tensor forward(const torch::Tensor& images);  // [N, C, H, W] -> logits [N, classes]

  MaeVit encoder{nullptr};
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
// are layer 0, encoder block i is i + 1, the final norm and the head are depth + 1.
int parameter_layer(const std::string& name, int depth);

// The encoder's and head's trainable parameters (decoder excluded) grouped by layer and
// decay, ordered by layer. layer_decay 1 gives every group scale 1.
std::vector<LayerGroup> layer_groups(EncoderClassifier& model, double layer_decay);

}  // namespace rcmae
