#pragma once
// Teacher-student gradient diagnostics (docs/rcmae-method.md section 5): the gradients of
// L_rec (g_r) and L_cons (g_c) w.r.t. the student, measured separately every k steps.
// Plain values only, so records cross to the GUI.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace rcmae {

struct GroupGradSimilarity {
  std::string group;              // patch_embed, block_0 .. block_N, encoder_norm, decoder, head
  double cos_c_r = std::nan("");  // cos(g_c(t), g_r(t))
  double cos_c_r_prev = std::nan("");  // cos(g_c(t), g_r(t-k))
  double norm_ratio = std::nan("");    // ||g_c|| / ||g_r||
  double norm_r_sq = 0;                // ||g_r||^2 of the group (adds up to the total)
  double norm_c_sq = 0;
};

struct GradSimilarityRecord {
  int64_t step = 0;
  double cos_c_r = std::nan("");
  double cos_c_r_prev = std::nan("");
  double norm_ratio = std::nan("");
  double feature_similarity = std::nan("");  // cos of mean features, this vs previous batch
  double nearest_neighbour_similarity = std::nan("");  // mean per-sample best cosine
  double teacher_distance = std::nan("");              // ||theta - phi|| / ||theta||
  std::vector<GroupGradSimilarity> groups;
};

// Which group a student parameter belongs to, from its MAE name.
std::string parameter_group(const std::string& parameter_name);

}  // namespace rcmae
