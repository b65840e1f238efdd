#pragma once
// Replicas of a module for worker threads (runtime/single_thread_workers.h): their parameters
// and buffers share the original's storage, so an in-place update of the original (the
// optimiser's, the EMA teacher's) reaches every replica with nothing copied, while each
// replica keeps gradients of its own and no two workers write the same tensor. A load that
// rebinds the original's tensors to new storage (Module::load) leaves replicas behind: build
// them again after one.
#include <torch/torch.h>

#include <vector>

namespace rcmae {

// Makes `replica` (built with the same structure) use `original`'s parameter and buffer
// storage; each parameter requires gradients as the original's does.
void share_storage(torch::nn::Module& replica, const torch::nn::Module& original);

// The parameters that require gradients, in the module's order.
std::vector<torch::Tensor> trainable_parameters(const torch::nn::Module& module);

// Adds each defined gradient of `from` to the gradient of the parameter at the same place in
// `into` (which gets a copy where it had none).
void add_gradients(const std::vector<torch::Tensor>& from, const std::vector<torch::Tensor>& into);

// Forgets the gradients of `parameters` (the next backward writes fresh ones).
void drop_gradients(const std::vector<torch::Tensor>& parameters);

// While alive, draws from torch's global generator are undone when it ends: building a
// replica draws initial weights that are replaced at once, and must not shift the random
// numbers the rest of the program gets.
class KeepGlobalRandomState {
 public:
  KeepGlobalRandomState();
  ~KeepGlobalRandomState();
  KeepGlobalRandomState(const KeepGlobalRandomState&) = delete;
  KeepGlobalRandomState& operator=(const KeepGlobalRandomState&) = delete;

 private:
  torch::Tensor state_;
};

}  // namespace rcmae
