#include "rcmae/eval/encoder_classifier.h"

#include <cmath>
#include <map>
#include <utility>

#include "rcmae/io/mae_state_dict.h"
#include "rcmae/model/masking.h"
#include "rcmae/train/optimizer_setup.h"

namespace rcmae {

EncoderClassifierImpl::EncoderClassifierImpl(MaeVit encoder_model, int64_t num_classes,
                                             bool global_pool_)
    : global_pool(global_pool_), encoder(std::move(encoder_model)) {
  register_module("encoder", encoder);
  const int64_t dim = encoder->config().enc_dim;
  if (global_pool) fc_norm = register_module("fc_norm", vit_layer_norm(dim));
  head = register_module("head", torch::nn::Linear(dim, num_classes));
  torch::NoGradGuard no_grad;
  // Truncated at two standard deviations (LibTorch 1.13 has no trunc_normal_).
  head->weight.normal_(0.0, 2e-5).clamp_(-4e-5, 4e-5);
  torch::nn::init::zeros_(head->bias);
  head->to(encoder->parameters().front().device());
  if (global_pool) fc_norm->to(encoder->parameters().front().device());
}

torch::Tensor EncoderClassifierImpl::forward(const torch::Tensor& images) {
  return forward(
      images, keep_all_patches(images.size(0), encoder->config().num_patches(), images.device()));
}

torch::Tensor EncoderClassifierImpl::forward(const torch::Tensor& images, const MaskPlan& plan,
                                             const torch::Tensor& branch_keep) {
  const auto tokens = encoder->forward_features(images, plan, branch_keep);
  // models_vit.forward_features: fc_norm(x[:, 1:].mean(1)), or norm(x)[:, 0].
  if (global_pool)
    return head->forward(fc_norm->forward(tokens.narrow(1, 1, plan.len_keep).mean(1)));
  return head->forward(encoder->norm->forward(tokens).select(1, 0));
}

int parameter_layer(const std::string& name, int depth) {
  if (name == "cls_token" || name == "pos_embed" || name.rfind("patch_embed.", 0) == 0) return 0;
  if (name.rfind("blocks.", 0) == 0) return 1 + std::stoi(name.substr(7));
  // norm, fc_norm, head
  return depth + 1;
}

std::vector<LayerGroup> layer_groups(EncoderClassifier& model, double layer_decay) {
  const int depth = static_cast<int>(model->encoder->config().enc_depth);
  std::map<std::pair<int, bool>, LayerGroup> groups;
  auto add = [&](const std::string& name, const torch::Tensor& parameter) {
    if (!parameter.requires_grad()) return;
    const int layer = parameter_layer(name, depth);
    // The cls token is 3-d but, like MAE, free of weight decay.
    const bool decays = name != "cls_token" && parameter_decays(name, parameter);
    LayerGroup& group = groups[{layer, decays}];
    group.layer = layer;
    group.decays = decays;
    group.lr_scale = std::pow(layer_decay, depth + 1 - layer);
    group.names.push_back(name);
    group.parameters.push_back(parameter);
  };
  const bool global_pool = model->global_pool;
  for (const auto& item : model->encoder->named_parameters())
    if (!is_decoder_weight(item.key()) && !(global_pool && item.key().rfind("norm.", 0) == 0))
      add(item.key(), item.value());
  if (global_pool)
    for (const auto& item : model->fc_norm->named_parameters())
      add("fc_norm." + item.key(), item.value());
  for (const auto& item : model->head->named_parameters()) add("head." + item.key(), item.value());
  std::vector<LayerGroup> ordered;
  for (auto& [key, group] : groups) ordered.push_back(std::move(group));
  return ordered;
}

}  // namespace rcmae
