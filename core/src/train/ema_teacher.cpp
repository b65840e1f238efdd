#include "rcmae/train/ema_teacher.h"

#include <cmath>

namespace rcmae {

EmaTeacher::EmaTeacher(const MaeVit& student) {
  model_ = MaeVit(student->config());
  model_->to(student->parameters().front().device());
  copy_weights(model_, student);
  for (auto& p : model_->parameters()) p.set_requires_grad(false);
  model_->eval();
  params_ = model_->parameters();
}

void EmaTeacher::update(const MaeVit& student, double momentum) {
  torch::NoGradGuard no_grad;
  auto student_params = student->parameters();
  // One fused pass per list: phi = m * phi + (1 - m) * theta.
  at::_foreach_mul_(params_, momentum);
  at::_foreach_add_(params_, student_params, 1.0 - momentum);
}

torch::Tensor EmaTeacher::predict(const torch::Tensor& images, const MaskPlan& plan) {
  return teacher_prediction(model_, images, plan);
}

torch::Tensor teacher_prediction(MaeVit& model, const torch::Tensor& images, const MaskPlan& plan) {
  torch::InferenceMode inference;
  return model->forward(images, plan);
}

double EmaTeacher::relative_distance(const MaeVit& student) const {
  torch::NoGradGuard no_grad;
  auto student_params = student->parameters();
  double diff = 0, norm = 0;
  for (size_t i = 0; i < params_.size(); ++i) {
    diff += (student_params[i] - params_[i]).pow(2).sum().item<double>();
    norm += student_params[i].pow(2).sum().item<double>();
  }
  return norm > 0 ? std::sqrt(diff / norm) : 0.0;
}

}  // namespace rcmae
