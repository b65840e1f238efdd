#pragma once
// Process-wide compute settings: threads and device.
#include <torch/torch.h>

#include <string>

namespace rcmae {

// Physical cores of this machine (hyper-threads not counted); at least 1.
int physical_core_count();
// Sets LibTorch's intra-op threads (0 = physical cores). Returns the count in use.
int configure_threads(int requested);
// The device `name` means on a machine with `cuda_devices` GPUs for a process that is local
// rank `local_rank` of a data-parallel job (-1: none). "cpu": CPU. "auto": CUDA when there
// is a GPU, else CPU. "cuda": CUDA (std::invalid_argument without a GPU). Either CUDA choice
// is cuda:LOCAL_RANK, so the ranks on one machine use one GPU each (more ranks than GPUs
// share them round-robin); without a local rank, cuda:0.
torch::Device choose_device(const std::string& name, int cuda_devices, int local_rank);
// LOCAL_RANK from the environment (torchrun, rcmae launch); -1 when unset or not a number.
int local_rank_from_environment();
// choose_device with this machine's GPUs and this process's LOCAL_RANK.
torch::Device resolve_device(const std::string& name);

}  // namespace rcmae
