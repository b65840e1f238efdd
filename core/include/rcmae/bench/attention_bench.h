#pragma once
// The attention kernels alone, fused against composite, on the shapes a training step of a
// config runs (encoder: visible tokens + cls; decoder: all tokens + cls). Forward + backward
// of softmax(Q Kᵀ/√d)·V from a packed qkv tensor, the two kernels alternating round by round
// so that background load hits both alike; medians and their ratio.
#include <string>
#include <vector>

#include "rcmae/train/train_config.h"

namespace rcmae {

struct AttentionBenchShape {
  std::string part;  // "encoder" | "decoder"
  int64_t batch = 0, tokens = 0, heads = 0, head_dim = 0;
  double composite_s_median = 0;  // forward + backward, one call
  double fused_s_median = 0;
  double ratio() const { return composite_s_median > 0 ? fused_s_median / composite_s_median : 0; }
};

std::vector<AttentionBenchShape> run_attention_bench(const TrainConfig& config, int rounds);
std::string attention_bench_json(const std::vector<AttentionBenchShape>& shapes, int threads);

}  // namespace rcmae
