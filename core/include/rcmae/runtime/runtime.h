#pragma once
// Process-wide compute settings: threads and device.
#include <torch/torch.h>

#include <string>

namespace rcmae {

// Physical cores of this machine (hyper-threads not counted); at least 1.
int physical_core_count();
// Sets LibTorch's intra-op threads (0 = physical cores). Returns the count in use.
int configure_threads(int requested);
// "auto" picks CUDA when this LibTorch has it and a GPU is present, else CPU.
torch::Device resolve_device(const std::string& name);

}  // namespace rcmae
