#pragma once
// Test helper: how far a kernel's result is from the reference it is checked against.
#include <torch/torch.h>

#include <algorithm>

namespace rcmae::testing {

// The largest absolute difference, relative to the reference's largest magnitude (at least 1,
// so values near zero are compared absolutely).
inline double max_relative_error(const torch::Tensor& got, const torch::Tensor& want) {
  const double scale = std::max(1.0, want.abs().max().item<double>());
  return (got - want).abs().max().item<double>() / scale;
}

}  // namespace rcmae::testing
