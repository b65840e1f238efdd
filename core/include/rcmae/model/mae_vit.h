#pragma once
// The ViT masked auto-encoder. Submodule and parameter names follow the public MAE code
// (patch_embed.proj, blocks.N.attn.qkv, decoder_embed, decoder_pred, cls_token, ...) so a
// state dict maps one to one.
#include <torch/torch.h>

#include "rcmae/model/masking.h"
#include "rcmae/model/model_config.h"
#include "rcmae/model/vit_block.h"

namespace rcmae {

struct PatchEmbedImpl : torch::nn::Module {
  PatchEmbedImpl(int64_t channels, int64_t patch, int64_t dim);
  torch::Tensor forward(const torch::Tensor& images);  // [N,C,H,W] -> [N, L, dim]
  torch::nn::Conv2d proj{nullptr};
};
TORCH_MODULE(PatchEmbed);

struct MaeVitImpl : torch::nn::Module {
  explicit MaeVitImpl(const ModelConfig& config);

  // Visible tokens with the cls token in front: [N, 1 + len_keep, enc_dim].
  torch::Tensor forward_encoder(const torch::Tensor& images, const MaskPlan& plan);
  // The same tokens after the last block, before the final norm: fine-tuning with global
  // pooling (MAE's models_vit) averages these and normalises the average with its own norm.
  // branch_keep: stochastic depth's draws, [N, enc_depth, 2] (model/drop_path.h); undefined,
  // every branch runs unscaled.
  torch::Tensor forward_features(const torch::Tensor& images, const MaskPlan& plan,
                                 const torch::Tensor& branch_keep = {});
  // Per-patch predictions for all L patches in original order: [N, L, p*p*C].
  torch::Tensor forward_decoder(const torch::Tensor& latent, const MaskPlan& plan);
  torch::Tensor forward(const torch::Tensor& images, const MaskPlan& plan);
  // The encoder's attention probabilities, one [N, H, 1 + len_keep, 1 + len_keep] tensor per
  // block (token 0 is the cls token, then the visible patches in plan.ids_keep order). Runs
  // the composite math without autograd: for display, never inside a training step.
  std::vector<torch::Tensor> encoder_attention(const torch::Tensor& images, const MaskPlan& plan);

  const ModelConfig& config() const { return config_; }

  ModelConfig config_;
  PatchEmbed patch_embed{nullptr};
  torch::Tensor cls_token, pos_embed;  // pos_embed: fixed buffer [1, 1+L, enc_dim]
  torch::nn::ModuleList blocks{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Linear decoder_embed{nullptr};
  torch::Tensor mask_token, decoder_pos_embed;  // decoder_pos_embed: buffer [1, 1+L, dec]
  torch::nn::ModuleList decoder_blocks{nullptr};
  torch::nn::LayerNorm decoder_norm{nullptr};
  torch::nn::Linear decoder_pred{nullptr};

 private:
  void initialize_weights();
  // Patch embeddings of the kept patches plus positions, with the cls token in front.
  torch::Tensor encoder_tokens(const torch::Tensor& images, const MaskPlan& plan);
};
TORCH_MODULE(MaeVit);

// Copies every parameter and buffer of `from` into `to` (same architecture).
void copy_weights(MaeVit& to, const MaeVit& from);

}  // namespace rcmae
