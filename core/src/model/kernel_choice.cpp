#include "rcmae/model/kernel_choice.h"

#include <atomic>
#include <sstream>
#include <utility>

namespace rcmae {
namespace {

const std::pair<const char*, Kernel> kNames[] = {
    {"attention", Kernel::Attention}, {"mlp", Kernel::Mlp}, {"adamw", Kernel::AdamW}};

std::optional<Kernel> kernel_named(const std::string& name) {
  for (const auto& [text, kernel] : kNames)
    if (name == text) return kernel;
  return std::nullopt;
}

// Relaxed is enough: set once before the model runs, read on the same thread or after the
// thread that runs the model was started.
std::atomic<Kernels> g_kernels{Kernels::fused()};

}  // namespace

std::optional<Kernels> kernels_from_string(const std::string& name) {
  if (name == "fused") return Kernels::fused();
  if (name == "composite") return Kernels::none();
  Kernels chosen = Kernels::none();
  std::stringstream list(name);
  std::string item;
  bool any = false;
  while (std::getline(list, item, ',')) {
    const auto kernel = kernel_named(item);
    if (!kernel) return std::nullopt;
    chosen = chosen.with(*kernel);
    any = true;
  }
  if (!any || name.back() == ',') return std::nullopt;
  return chosen;
}

std::string to_string(Kernels kernels) {
  if (kernels == Kernels::fused()) return "fused";
  if (kernels == Kernels::none()) return "composite";
  std::string list;
  for (const auto& [text, kernel] : kNames)
    if (kernels.uses(kernel)) list += (list.empty() ? "" : ",") + std::string(text);
  return list;
}

void set_kernels(Kernels kernels) { g_kernels.store(kernels, std::memory_order_relaxed); }

Kernels current_kernels() { return g_kernels.load(std::memory_order_relaxed); }

bool uses_kernel(Kernel kernel) { return current_kernels().uses(kernel); }

}  // namespace rcmae
