#pragma once
// Measures the teacher-student gradient geometry on the real model: cosines and norm
// ratios of g_c and g_r overall and per module group, and how similar consecutive
// recorded batches look to the encoder.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "rcmae/train/grad_similarity.h"

namespace rcmae {

enum class FeaturePooling { Cls, Mean };

class GradientProbe {
 public:
  // `names` are the student's trainable parameter names, in the order of the gradients.
  GradientProbe(std::vector<std::string> names, FeaturePooling pooling);

  // g_r, g_c: gradients of L_rec and L_cons (same order as `names`); latent: the encoder
  // output [N, 1 + keep, D] of this batch. Remembers g_r and the features for next time.
  GradSimilarityRecord measure(int64_t step, const std::vector<torch::Tensor>& g_r,
                               const std::vector<torch::Tensor>& g_c, const torch::Tensor& latent);

  const std::vector<std::string>& group_names() const { return group_names_; }

 private:
  void measure_features(const torch::Tensor& latent, GradSimilarityRecord& record);

  std::vector<std::string> names_;
  std::vector<int> group_of_;  // parameter index -> index into group_names_
  std::vector<std::string> group_names_;
  FeaturePooling pooling_;
  std::vector<torch::Tensor> previous_g_r_;
  torch::Tensor previous_features_;  // [N, D], l2-normalised per sample
};

}  // namespace rcmae
