#pragma once
// Exponential moving average with debiasing, as TensorBoard smooths curves: without the
// 1 - a^t correction the first points would be pulled towards 0.
#include <cmath>

namespace rcmae::ui {

class EmaSmoother {
 public:
  explicit EmaSmoother(double weight = 0.0) : weight_(weight) {}

  double add(double value) {
    if (!std::isfinite(value)) return value;
    ++count_;
    average_ = weight_ * average_ + (1.0 - weight_) * value;
    const double correction = 1.0 - std::pow(weight_, double(count_));
    return correction > 0 ? average_ / correction : value;
  }
  void reset(double weight) {
    weight_ = weight;
    average_ = 0;
    count_ = 0;
  }

 private:
  double weight_;
  double average_ = 0;
  long long count_ = 0;
};

}  // namespace rcmae::ui
