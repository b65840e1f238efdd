#include "rcmae/bench/attention_bench.h"
#include "rcmae/bench/bench_statistics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "rcmae/model/fused_attention.h"

namespace rcmae {
namespace {

// One forward + backward through `attention`, as a training step runs it.
template <typename Attention>
double time_once(const torch::Tensor& qkv, const torch::Tensor& upstream, int64_t heads,
                 Attention attention) {
  auto input = qkv.detach().requires_grad_(true);
  const auto start = std::chrono::steady_clock::now();
  auto out = attention(input, heads, 1.0 / std::sqrt(double(qkv.size(2) / 3 / heads)));
  out.backward(upstream);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

AttentionBenchShape measure(std::string part, int64_t batch, int64_t tokens, int64_t dim,
                            int64_t heads, int rounds) {
  AttentionBenchShape shape{std::move(part), batch, tokens, heads, dim / heads};
  torch::manual_seed(0);
  auto qkv = torch::randn({batch, tokens, 3 * dim});
  auto upstream = torch::randn({batch, tokens, dim});
  std::vector<double> composite, fused;
  time_once(qkv, upstream, heads, composite_attention);  // warm caches and allocators
  time_once(qkv, upstream, heads, fused_attention);
  for (int r = 0; r < rounds; ++r) {
    composite.push_back(time_once(qkv, upstream, heads, composite_attention));
    fused.push_back(time_once(qkv, upstream, heads, fused_attention));
  }
  shape.composite_s_median = median(composite);
  shape.fused_s_median = median(fused);
  return shape;
}

}  // namespace

std::vector<AttentionBenchShape> run_attention_bench(const TrainConfig& config, int rounds) {
  const ModelConfig& m = config.model;
  const int64_t patches = m.num_patches();
  const auto visible = int64_t(patches * (1.0 - config.mask_ratio));
  return {measure("encoder", config.batch, visible + 1, m.enc_dim, m.enc_heads, rounds),
          measure("decoder", config.batch, patches + 1, m.dec_dim, m.dec_heads, rounds)};
}

std::string attention_bench_json(const std::vector<AttentionBenchShape>& shapes, int threads) {
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& s : shapes)
    parts.push_back({{"part", s.part},
                     {"batch", s.batch},
                     {"tokens", s.tokens},
                     {"heads", s.heads},
                     {"head_dim", s.head_dim},
                     {"composite_ms", s.composite_s_median * 1e3},
                     {"fused_ms", s.fused_s_median * 1e3},
                     {"fused_over_composite", s.ratio()}});
  return nlohmann::json{{"benchmark", "attention"}, {"threads", threads}, {"shapes", parts}}.dump();
}

}  // namespace rcmae
