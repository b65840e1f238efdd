#include "rcmae/model/mae_vit.h"

#include "rcmae/model/pos_embed.h"

namespace rcmae {
namespace {

// [1, 1 + L, dim]: the cls position is all zeros.
torch::Tensor pos_table_with_cls(int64_t dim, int64_t grid) {
  auto table = sincos_pos_embed_2d(dim, grid);
  return torch::cat({torch::zeros({1, dim}), table}, 0).unsqueeze(0);
}

// Gathers tokens [N, L, D] by indices [N, K] along the token axis.
torch::Tensor gather_tokens(const torch::Tensor& tokens, const torch::Tensor& ids) {
  return torch::gather(tokens, 1, ids.unsqueeze(-1).expand({-1, -1, tokens.size(2)}));
}

}  // namespace

PatchEmbedImpl::PatchEmbedImpl(int64_t channels, int64_t patch, int64_t dim) {
  proj = register_module(
      "proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, dim, patch).stride(patch)));
}

torch::Tensor PatchEmbedImpl::forward(const torch::Tensor& images) {
  return proj(images).flatten(2).transpose(1, 2);
}

MaeVitImpl::MaeVitImpl(const ModelConfig& c) : config_(c) {
  patch_embed = register_module("patch_embed", PatchEmbed(c.channels, c.patch, c.enc_dim));
  cls_token = register_parameter("cls_token", torch::zeros({1, 1, c.enc_dim}));
  pos_embed = register_buffer("pos_embed", pos_table_with_cls(c.enc_dim, c.grid()));
  blocks = register_module("blocks", torch::nn::ModuleList());
  for (int i = 0; i < c.enc_depth; ++i)
    blocks->push_back(Block(c.enc_dim, c.enc_heads, c.mlp_ratio));
  norm = register_module("norm", vit_layer_norm(c.enc_dim));

  decoder_embed = register_module("decoder_embed", torch::nn::Linear(c.enc_dim, c.dec_dim));
  mask_token = register_parameter("mask_token", torch::zeros({1, 1, c.dec_dim}));
  decoder_pos_embed = register_buffer("decoder_pos_embed", pos_table_with_cls(c.dec_dim, c.grid()));
  decoder_blocks = register_module("decoder_blocks", torch::nn::ModuleList());
  for (int i = 0; i < c.dec_depth; ++i)
    decoder_blocks->push_back(Block(c.dec_dim, c.dec_heads, c.mlp_ratio));
  decoder_norm = register_module("decoder_norm", vit_layer_norm(c.dec_dim));
  decoder_pred = register_module("decoder_pred", torch::nn::Linear(c.dec_dim, c.patch_dim()));
  initialize_weights();
}

void MaeVitImpl::initialize_weights() {
  torch::NoGradGuard no_grad;
  // The patch embedding weight is initialised like a Linear layer on its flattened view;
  // its bias keeps the default Conv2d initialisation, as upstream.
  auto w = patch_embed->proj->weight;
  torch::nn::init::xavier_uniform_(w.view({w.size(0), -1}));
  torch::nn::init::normal_(cls_token, 0.0, 0.02);
  torch::nn::init::normal_(mask_token, 0.0, 0.02);
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* linear = module->as<torch::nn::Linear>()) {
      torch::nn::init::xavier_uniform_(linear->weight);
      if (linear->bias.defined()) torch::nn::init::zeros_(linear->bias);
    } else if (auto* ln = module->as<torch::nn::LayerNorm>()) {
      torch::nn::init::ones_(ln->weight);
      torch::nn::init::zeros_(ln->bias);
    }
  }
}

torch::Tensor MaeVitImpl::encoder_tokens(const torch::Tensor& images, const MaskPlan& plan) {
  auto x = patch_embed(images) + pos_embed.narrow(1, 1, config_.num_patches());
  x = gather_tokens(x, plan.ids_keep);
  auto cls = (cls_token + pos_embed.narrow(1, 0, 1)).expand({x.size(0), -1, -1});
  return torch::cat({cls, x}, 1);
}

torch::Tensor MaeVitImpl::forward_features(const torch::Tensor& images, const MaskPlan& plan,
                                           const torch::Tensor& branch_keep) {
  auto x = encoder_tokens(images, plan);
  int64_t depth = 0;
  for (auto& block : *blocks) {
    const auto keep = branch_keep.defined() ? branch_keep.select(1, depth++) : torch::Tensor();
    x = block->as<Block>()->forward(x, keep);
  }
  return x;
}

torch::Tensor MaeVitImpl::forward_encoder(const torch::Tensor& images, const MaskPlan& plan) {
  return norm(forward_features(images, plan));
}

std::vector<torch::Tensor> MaeVitImpl::encoder_attention(const torch::Tensor& images,
                                                         const MaskPlan& plan) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> weights;
  auto x = encoder_tokens(images, plan);
  for (auto& block : *blocks) {
    torch::Tensor layer;
    x = block->as<Block>()->forward_with_weights(x, layer);
    weights.push_back(layer);
  }
  return weights;
}

torch::Tensor MaeVitImpl::forward_decoder(const torch::Tensor& latent, const MaskPlan& plan) {
  auto x = decoder_embed(latent);
  const int64_t n = x.size(0), visible = x.size(1) - 1, total = plan.ids_restore.size(1);
  auto mask_tokens = mask_token.expand({n, total - visible, -1});
  auto patches = torch::cat({x.narrow(1, 1, visible), mask_tokens}, 1);
  patches = gather_tokens(patches, plan.ids_restore);  // unshuffle
  x = torch::cat({x.narrow(1, 0, 1), patches}, 1) + decoder_pos_embed;
  for (auto& block : *decoder_blocks) x = block->as<Block>()->forward(x);
  x = decoder_pred(decoder_norm(x));
  return x.narrow(1, 1, total);  // drop the cls position
}

torch::Tensor MaeVitImpl::forward(const torch::Tensor& images, const MaskPlan& plan) {
  return forward_decoder(forward_encoder(images, plan), plan);
}

void copy_weights(MaeVit& to, const MaeVit& from) {
  torch::NoGradGuard no_grad;
  auto source = from->named_parameters();
  for (auto& item : to->named_parameters()) item.value().copy_(source[item.key()]);
  auto source_buffers = from->named_buffers();
  for (auto& item : to->named_buffers()) item.value().copy_(source_buffers[item.key()]);
}

}  // namespace rcmae
