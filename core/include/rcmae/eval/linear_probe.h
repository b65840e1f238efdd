#pragma once
// Linear probe: multinomial logistic regression on frozen encoder features, the standard
// read-out of how linearly separable a representation is. Features are standardised with
// the training features' mean and std; the convex objective (cross-entropy + weight decay
// / 2 * |W|^2) is minimised full-batch with L-BFGS from zero weights, so a probe is
// deterministic and needs no learning-rate tuning.
#include <torch/torch.h>

#include <cstdint>

#include "rcmae/model/mae_vit.h"

namespace rcmae {

class LabelledEvalSet;

struct LinearProbeOptions {
  double weight_decay = 1e-4;  // on W only, not on the bias
  int max_iterations = 200;    // L-BFGS iterations (each one a full pass over the features)
};

class LinearProbe {
 public:
  // Fits on `features` [N, D] with labels [N] in [0, num_classes).
  static LinearProbe fit(const torch::Tensor& features, const torch::Tensor& labels,
                         int64_t num_classes, const LinearProbeOptions& options = {});

  torch::Tensor logits(const torch::Tensor& features) const;  // [N, num_classes]
  double accuracy(const torch::Tensor& features, const torch::Tensor& labels) const;

 private:
  torch::Tensor standardise(const torch::Tensor& features) const;

  torch::Tensor mean_, std_;     // [D] of the training features
  torch::Tensor weight_, bias_;  // [C, D], [C]; float64
};

// Fits a probe on the frozen features of the bank images and returns its accuracy on the
// queries.
double probe_accuracy(MaeVit& model, const LabelledEvalSet& data, bool mean_pooling,
                      const LinearProbeOptions& options = {});

}  // namespace rcmae
