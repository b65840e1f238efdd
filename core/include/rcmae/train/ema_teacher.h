#pragma once
// The mean teacher: a full copy of the student (encoder and decoder) that never receives
// gradients and follows phi <- m * phi + (1 - m) * theta after every optimiser step.
#include <torch/torch.h>

#include "rcmae/model/mae_vit.h"

namespace rcmae {

class EmaTeacher {
 public:
  // Starts equal to the student.
  explicit EmaTeacher(const MaeVit& student);

  void update(const MaeVit& student, double momentum);
  // Predictions in inference mode (no autograd graph, no gradient memory).
  torch::Tensor predict(const torch::Tensor& images, const MaskPlan& plan);
  // ||theta - phi|| / ||theta|| over all trainable parameters.
  double relative_distance(const MaeVit& student) const;

  MaeVit& model() { return model_; }

 private:
  MaeVit model_{nullptr};
  std::vector<torch::Tensor> params_;  // same order as the student's parameters()
};

// A teacher's prediction with `model` (the teacher's own or a replica sharing its weights):
// inference mode, no autograd graph.
torch::Tensor teacher_prediction(MaeVit& model, const torch::Tensor& images, const MaskPlan& plan);

}  // namespace rcmae
