#pragma once
// Reads the state dict files Python writes with torch.save(model.state_dict()) (zip format):
// LibTorch 1.13's torch::pickle_load cannot, because the dict is a collections.OrderedDict
// (which its unpickler turns into None) carrying a _metadata attribute (a BUILD with
// SETITEM ops it does not implement). A small interpreter for the pickle opcodes torch.save
// emits: dicts (plain or ordered, attributes ignored), lists, tuples, strings, numbers and
// tensors rebuilt from the archive's storages with torch._utils._rebuild_tensor_v2.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace rcmae::detail {

// Throws std::runtime_error naming the first thing it cannot read.
std::vector<std::pair<std::string, torch::Tensor>> read_python_state_dict(const std::string& path);

}  // namespace rcmae::detail
