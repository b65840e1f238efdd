#pragma once
// Which kernels the model runs: the project's fused ones (default) or stock ATen composites.
// A process-wide choice, like the thread count: set once from TrainConfig::kernels when a run
// starts, read by every layer that has a fused path. The composite path stays for A/B
// benchmarks and for users who want only stock ATen.
#include <optional>
#include <string>

namespace rcmae {

enum class Kernels { Composite, Fused };

std::optional<Kernels> kernels_from_string(const std::string& name);  // "composite" | "fused"
std::string to_string(Kernels kernels);

void set_kernels(Kernels kernels);
Kernels current_kernels();

}  // namespace rcmae
