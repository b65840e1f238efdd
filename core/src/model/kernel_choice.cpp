#include "rcmae/model/kernel_choice.h"

#include <atomic>

namespace rcmae {
namespace {
std::atomic<Kernels> g_kernels{Kernels::Fused};
}  // namespace

std::optional<Kernels> kernels_from_string(const std::string& name) {
  if (name == "composite") return Kernels::Composite;
  if (name == "fused") return Kernels::Fused;
  return std::nullopt;
}

std::string to_string(Kernels kernels) {
  return kernels == Kernels::Composite ? "composite" : "fused";
}

void set_kernels(Kernels kernels) { g_kernels.store(kernels, std::memory_order_relaxed); }

Kernels current_kernels() { return g_kernels.load(std::memory_order_relaxed); }

}  // namespace rcmae
