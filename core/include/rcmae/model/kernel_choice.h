#pragma once
// Which of the project's own kernels run: the fused attention, the one-pass AdamW, the fused
// bias + GELU of the MLP. Each one left out runs as stock ATen. A process-wide choice, like
// the thread count: set once from TrainConfig::kernels when a run starts, read by every layer
// that has a fused path.
//
// Spelled "fused" (the default: attention and AdamW, the two that pay on the machines
// measured, docs/PERFORMANCE.md), "composite" (none: stock ATen only) or a comma list of
// kernel names ("attention,mlp,adamw"), so that a benchmark can add one lever at a time. The
// MLP kernel is opt-in: it measured at parity with stock ATen, whose GELU runs through oneDNN.
#include <optional>
#include <string>

namespace rcmae {

enum class Kernel : unsigned { Attention = 1u, Mlp = 2u, AdamW = 4u };

class Kernels {
 public:
  static Kernels fused() { return Kernels(kFused); }  // the default
  static Kernels none() { return Kernels(0u); }

  bool uses(Kernel kernel) const { return (bits_ & unsigned(kernel)) != 0; }
  Kernels with(Kernel kernel) const { return Kernels(bits_ | unsigned(kernel)); }
  bool operator==(const Kernels& other) const { return bits_ == other.bits_; }
  bool operator!=(const Kernels& other) const { return bits_ != other.bits_; }

 private:
  static constexpr unsigned kFused = unsigned(Kernel::Attention) | unsigned(Kernel::AdamW);
  explicit Kernels(unsigned bits) : bits_(bits) {}
  unsigned bits_;
};

// "fused" | "composite" | a comma list of attention, mlp, adamw; nullopt for anything else.
std::optional<Kernels> kernels_from_string(const std::string& name);
// The shortest spelling: "fused", "composite" or the list in the order above.
std::string to_string(Kernels kernels);

void set_kernels(Kernels kernels);
Kernels current_kernels();
bool uses_kernel(Kernel kernel);  // current_kernels().uses(kernel)

}  // namespace rcmae
