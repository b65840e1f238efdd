#include "rcmae/train/gradient_probe.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rcmae {

std::string parameter_group(const std::string& name) {
  auto starts = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
  if (starts("patch_embed.") || name == "cls_token") return "patch_embed";
  if (starts("blocks.")) {
    const auto end = name.find('.', 7);
    return "block_" + name.substr(7, end - 7);
  }
  if (starts("norm.")) return "encoder_norm";
  if (starts("decoder_pred.")) return "head";
  return "decoder";  // decoder_embed, mask_token, decoder_blocks, decoder_norm
}

GradientProbe::GradientProbe(std::vector<std::string> names, FeaturePooling pooling)
    : names_(std::move(names)), pooling_(pooling) {
  for (const auto& name : names_) {
    const std::string group = parameter_group(name);
    auto found = std::find(group_names_.begin(), group_names_.end(), group);
    if (found == group_names_.end()) {
      group_names_.push_back(group);
      found = group_names_.end() - 1;
    }
    group_of_.push_back(int(found - group_names_.begin()));
  }
}

namespace {
double safe_cos(double dot, double a_sq, double b_sq) {
  return (a_sq > 0 && b_sq > 0) ? dot / std::sqrt(a_sq * b_sq) : std::nan("");
}
double safe_ratio(double a_sq, double b_sq) {
  return b_sq > 0 ? std::sqrt(a_sq / b_sq) : std::nan("");
}
}  // namespace

GradSimilarityRecord GradientProbe::measure(int64_t step, const std::vector<torch::Tensor>& g_r,
                                            const std::vector<torch::Tensor>& g_c,
                                            const torch::Tensor& latent) {
  torch::NoGradGuard no_grad;
  const bool has_previous = previous_g_r_.size() == g_r.size();
  // Per parameter: <g_c,g_r>, |g_r|^2, |g_c|^2, <g_c,g_r_prev>, |g_r_prev|^2 in one tensor,
  // read back to the CPU once.
  std::vector<torch::Tensor> rows;
  rows.reserve(g_r.size());
  for (size_t i = 0; i < g_r.size(); ++i) {
    auto r = g_r[i].to(torch::kFloat64), c = g_c[i].to(torch::kFloat64);
    auto zero = torch::zeros({}, r.options());
    auto prev = has_previous ? previous_g_r_[i].to(torch::kFloat64) : torch::Tensor();
    rows.push_back(torch::stack({(c * r).sum(), (r * r).sum(), (c * c).sum(),
                                 has_previous ? (c * prev).sum() : zero,
                                 has_previous ? (prev * prev).sum() : zero}));
  }
  auto sums = torch::stack(rows).to(torch::kCPU).contiguous();
  auto s = sums.accessor<double, 2>();

  const size_t groups = group_names_.size();
  std::vector<std::array<double, 5>> per_group(groups, {0, 0, 0, 0, 0});
  std::array<double, 5> total{0, 0, 0, 0, 0};
  for (size_t i = 0; i < g_r.size(); ++i)
    for (int k = 0; k < 5; ++k) {
      per_group[group_of_[i]][k] += s[i][k];
      total[k] += s[i][k];
    }

  GradSimilarityRecord record;
  record.step = step;
  record.cos_c_r = safe_cos(total[0], total[2], total[1]);
  record.norm_ratio = safe_ratio(total[2], total[1]);
  if (has_previous) record.cos_c_r_prev = safe_cos(total[3], total[2], total[4]);
  for (size_t g = 0; g < groups; ++g) {
    const auto& v = per_group[g];
    GroupGradSimilarity group;
    group.group = group_names_[g];
    group.cos_c_r = safe_cos(v[0], v[2], v[1]);
    group.norm_ratio = safe_ratio(v[2], v[1]);
    if (has_previous) group.cos_c_r_prev = safe_cos(v[3], v[2], v[4]);
    group.norm_r_sq = v[1];
    group.norm_c_sq = v[2];
    record.groups.push_back(group);
  }
  previous_g_r_.clear();
  for (const auto& r : g_r) previous_g_r_.push_back(r.detach().clone());
  measure_features(latent, record);
  return record;
}

void GradientProbe::measure_features(const torch::Tensor& latent, GradSimilarityRecord& record) {
  auto features = pooling_ == FeaturePooling::Cls ? latent.select(1, 0)
                                                  : latent.narrow(1, 1, latent.size(1) - 1).mean(1);
  features = torch::nn::functional::normalize(features.detach().to(torch::kFloat32),
                                              torch::nn::functional::NormalizeFuncOptions().dim(1));
  if (previous_features_.defined() && previous_features_.size(1) == features.size(1)) {
    auto mean_now = features.mean(0), mean_before = previous_features_.mean(0);
    record.feature_similarity =
        (torch::dot(mean_now, mean_before) / (mean_now.norm() * mean_before.norm() + 1e-12))
            .item<double>();
    // For each sample of this batch, its most similar sample of the previous batch.
    auto similarity = torch::matmul(features, previous_features_.t());
    record.nearest_neighbour_similarity = std::get<0>(similarity.max(1)).mean().item<double>();
  }
  previous_features_ = features.clone();
}

}  // namespace rcmae
