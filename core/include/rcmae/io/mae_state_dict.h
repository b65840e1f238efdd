#pragma once
// PyTorch interop: a MaeVit's weights as a state dict file that Python reads with
// `torch.load(path)` (a dict name -> tensor with the public MAE names: patch_embed.proj.weight,
// cls_token, pos_embed, blocks.N.attn.qkv.weight, ..., decoder_pred.bias), and the way back:
// a file written by that export or by Python's `torch.save(model.state_dict())`.
#include <torch/torch.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "rcmae/model/mae_vit.h"

namespace rcmae {

// A file that cannot be used as MaeVit weights; what() names the file and the problem
// (unreadable, not a torch.save/pickle file, not a dict of tensors, missing key, unexpected
// key, shape mismatch with both shapes).
class StateDictError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parameters then buffers (pos_embed, decoder_pos_embed), detached CPU copies.
std::vector<std::pair<std::string, torch::Tensor>> mae_state_dict(const MaeVit& model);

// A fine-tuned classifier as MAE's models_vit.VisionTransformer (a timm ViT) names it, to
// load with strict=True: the encoder's entries of mae_state_dict (cls_token, pos_embed with
// the cls position, patch_embed.*, blocks.*; no decoder), then with global pooling
// fc_norm.* (and no norm.*, as models_vit deletes it), with cls pooling norm.*, and head.*.
// `fc_norm` is null for cls pooling.
std::vector<std::pair<std::string, torch::Tensor>> vit_classifier_state_dict(
    const MaeVit& encoder, const torch::nn::LayerNorm& fc_norm, const torch::nn::Linear& head);

// Writes mae_state_dict(model) with torch::pickle_save (the torch.save zip format), through
// a temporary file renamed into place: the file is whole or absent (or the old one).
// Throws StateDictError when the file cannot be written.
void export_state_dict(const MaeVit& model, const std::string& path);

// Writes any name -> tensor list the same way (used for parity inputs: images, ids_shuffle).
void save_tensor_dict(const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::string& path);

// Reads a file written by torch.save / torch::pickle_save holding a dict of tensors. A dict
// that wraps the weights under "model" or "state_dict" (as MAE checkpoints do) is unwrapped.
std::vector<std::pair<std::string, torch::Tensor>> read_tensor_dict(const std::string& path);

// Whether a file must hold the decoder too. Evaluation and fine-tuning use the encoder only,
// so an encoder-only file (as MAE fine-tuning code keeps) serves them; training from such a
// file starts the decoder from the model's own initialisation.
enum class DecoderWeights { Required, Optional };

struct WeightsLoaded {
  bool decoder = true;  // false: the file had no decoder and the model's decoder was kept
};

// True for the decoder's names (decoder_*, mask_token).
bool is_decoder_weight(const std::string& name);

// Copies `tensors` into `model`. Every parameter must be present with the model's shape
// (decoder ones may be absent as a whole under DecoderWeights::Optional); the fixed buffers
// (pos_embed, decoder_pos_embed) are optional and checked when present; any other key is
// refused. Nothing is copied unless everything matches. `origin` names the source in
// messages.
WeightsLoaded load_state_dict(MaeVit& model,
                              const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                              const std::string& origin,
                              DecoderWeights decoder = DecoderWeights::Required);

// read_tensor_dict + load_state_dict.
WeightsLoaded import_state_dict(MaeVit& model, const std::string& path,
                                DecoderWeights decoder = DecoderWeights::Required);

}  // namespace rcmae
