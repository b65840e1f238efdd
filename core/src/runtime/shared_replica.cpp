#include "rcmae/runtime/shared_replica.h"

#include <ATen/CPUGeneratorImpl.h>

#include <stdexcept>
#include <string>

namespace rcmae {

void share_storage(torch::nn::Module& replica, const torch::nn::Module& original) {
  torch::NoGradGuard no_grad;
  const auto mine = replica.named_parameters();
  for (const auto& item : original.named_parameters()) {
    const torch::Tensor* parameter = mine.find(item.key());
    if (!parameter) throw std::logic_error("share_storage: replica lacks " + item.key());
    torch::Tensor handle = *parameter;
    handle.set_data(item.value());  // the same storage; its own gradient
    handle.set_requires_grad(item.value().requires_grad());
  }
  const auto my_buffers = replica.named_buffers();
  for (const auto& item : original.named_buffers()) {
    const torch::Tensor* buffer = my_buffers.find(item.key());
    if (!buffer) throw std::logic_error("share_storage: replica lacks buffer " + item.key());
    torch::Tensor handle = *buffer;
    handle.set_data(item.value());
  }
}

std::vector<torch::Tensor> trainable_parameters(const torch::nn::Module& module) {
  std::vector<torch::Tensor> out;
  for (const auto& parameter : module.parameters())
    if (parameter.requires_grad()) out.push_back(parameter);
  return out;
}

void add_gradients(const std::vector<torch::Tensor>& from, const std::vector<torch::Tensor>& into) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < from.size() && i < into.size(); ++i) {
    const torch::Tensor& grad = from[i].grad();
    if (!grad.defined()) continue;
    torch::Tensor target = into[i];
    torch::Tensor& sum = target.mutable_grad();
    if (sum.defined())
      sum.add_(grad);
    else
      sum = grad.clone();
  }
}

void drop_gradients(const std::vector<torch::Tensor>& parameters) {
  for (const auto& parameter : parameters) {
    torch::Tensor handle = parameter;
    handle.mutable_grad() = torch::Tensor();
  }
}

KeepGlobalRandomState::KeepGlobalRandomState()
    : state_(at::detail::getDefaultCPUGenerator().get_state()) {}

KeepGlobalRandomState::~KeepGlobalRandomState() {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  generator.set_state(state_);
}

}  // namespace rcmae
