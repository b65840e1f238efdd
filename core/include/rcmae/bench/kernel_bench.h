#pragma once
// The project's kernels alone, each against the stock ATen ops it replaces, on the shapes a
// training step of a config runs, the two alternating round by round so that background load
// hits both alike; medians and their ratio (`rcmae bench --kernels-alone`):
//   attention  forward + backward of softmax(Q Kᵀ/√d)·V from a packed qkv tensor (encoder:
//              visible tokens + cls; decoder: all tokens + cls);
//   mlp        forward + backward of gelu(x Wᵀ + b), the MLP's first layer (encoder, decoder);
//   adamw      one optimiser step over the parameters of the config's model.
#include <string>
#include <vector>

#include "rcmae/train/train_config.h"

namespace rcmae {

struct KernelBenchShape {
  std::string kernel;         // "attention" | "mlp" | "adamw"
  std::string part;           // "encoder" | "decoder" | "model"
  std::string shape;          // e.g. "B64 N13 H4x24", "832x96->384", "1.2M params"
  double stock_s_median = 0;  // one call
  double fused_s_median = 0;
  double ratio() const { return stock_s_median > 0 ? fused_s_median / stock_s_median : 0; }
};

std::vector<KernelBenchShape> run_kernel_bench(const TrainConfig& config, int rounds);
std::string kernel_bench_json(const std::vector<KernelBenchShape>& shapes, int threads);

}  // namespace rcmae
