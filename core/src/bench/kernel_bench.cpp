#include "rcmae/bench/kernel_bench.h"

#include <chrono>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "rcmae/bench/bench_statistics.h"
#include "rcmae/model/fused_attention.h"
#include "rcmae/model/fused_mlp.h"
#include "rcmae/model/mae_vit.h"
#include "rcmae/train/fused_adamw.h"
#include "rcmae/train/optimizer_setup.h"

namespace rcmae {
namespace {

using Call = std::function<void()>;

double seconds(const Call& call) {
  const auto start = std::chrono::steady_clock::now();
  call();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Stock and fused in turn, after one untimed call each (caches, allocator).
KernelBenchShape alternate(KernelBenchShape shape, const Call& stock, const Call& fused,
                           int rounds) {
  stock();
  fused();
  std::vector<double> stock_s, fused_s;
  for (int r = 0; r < rounds; ++r) {
    stock_s.push_back(seconds(stock));
    fused_s.push_back(seconds(fused));
  }
  shape.stock_s_median = median(stock_s);
  shape.fused_s_median = median(fused_s);
  return shape;
}

KernelBenchShape attention(std::string part, int64_t batch, int64_t tokens, int64_t dim,
                           int64_t heads, int rounds) {
  torch::manual_seed(0);
  const auto qkv = torch::randn({batch, tokens, 3 * dim});
  const auto upstream = torch::randn({batch, tokens, dim});
  const double scale = 1.0 / std::sqrt(double(dim / heads));
  auto run = [&](auto kernel) {
    return [&, kernel] {
      auto input = qkv.detach().requires_grad_(true);
      kernel(input, heads, scale).backward(upstream);
    };
  };
  const std::string shape = "B" + std::to_string(batch) + " N" + std::to_string(tokens) + " H" +
                            std::to_string(heads) + "x" + std::to_string(dim / heads);
  return alternate({"attention", std::move(part), shape}, run(composite_attention),
                   run(fused_attention), rounds);
}

KernelBenchShape mlp(std::string part, int64_t rows, int64_t dim, int64_t hidden, int rounds) {
  torch::manual_seed(0);
  const auto x = torch::randn({rows, dim});
  const auto weight = torch::randn({hidden, dim}) / std::sqrt(double(dim));
  const auto bias = torch::randn({hidden});
  const auto upstream = torch::randn({rows, hidden});
  auto run = [&](auto kernel) {
    return [&, kernel] {
      auto in = x.detach().requires_grad_(true);
      auto w = weight.detach().requires_grad_(true);
      auto b = bias.detach().requires_grad_(true);
      kernel(in, w, b).backward(upstream);
    };
  };
  const std::string shape =
      std::to_string(rows) + "x" + std::to_string(dim) + "->" + std::to_string(hidden);
  return alternate({"mlp", std::move(part), shape}, run(composite_linear_gelu),
                   run(fused_linear_gelu), rounds);
}

// One AdamW step over a model of the config (gradients fixed, so every round does the same
// arithmetic); the two optimisers keep separate state.
KernelBenchShape adamw(const TrainConfig& config, int rounds) {
  torch::manual_seed(0);
  MaeVit stock_model(config.model), fused_model(config.model);
  for (auto* model : {&stock_model, &fused_model})
    for (auto& p : (*model)->parameters()) p.mutable_grad() = torch::randn_like(p);
  auto stock_opt = make_adamw(*stock_model, 1e-4, config.weight_decay);
  auto fused_opt = make_adamw(*fused_model, 1e-4, config.weight_decay);
  int64_t count = 0;
  for (const auto& p : stock_model->parameters()) count += p.numel();
  const std::string shape = std::to_string(count) + " params";
  return alternate(
      {"adamw", "model", shape}, [&] { stock_opt->step(); }, [&] { fused_adamw_step(*fused_opt); },
      rounds);
}

}  // namespace

std::vector<KernelBenchShape> run_kernel_bench(const TrainConfig& config, int rounds) {
  const ModelConfig& m = config.model;
  const int64_t patches = m.num_patches();
  const auto visible = int64_t(patches * (1.0 - config.mask_ratio));
  const int64_t encoder_tokens = visible + 1, decoder_tokens = patches + 1;
  return {attention("encoder", config.batch, encoder_tokens, m.enc_dim, m.enc_heads, rounds),
          attention("decoder", config.batch, decoder_tokens, m.dec_dim, m.dec_heads, rounds),
          mlp("encoder", config.batch * encoder_tokens, m.enc_dim, m.enc_dim * m.mlp_ratio, rounds),
          mlp("decoder", config.batch * decoder_tokens, m.dec_dim, m.dec_dim * m.mlp_ratio, rounds),
          adamw(config, rounds)};
}

std::string kernel_bench_json(const std::vector<KernelBenchShape>& shapes, int threads) {
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& s : shapes)
    parts.push_back({{"kernel", s.kernel},
                     {"part", s.part},
                     {"shape", s.shape},
                     {"stock_ms", s.stock_s_median * 1e3},
                     {"fused_ms", s.fused_s_median * 1e3},
                     {"fused_over_stock", s.ratio()}});
  return nlohmann::json{{"benchmark", "kernels"}, {"threads", threads}, {"kernels", parts}}.dump();
}

}  // namespace rcmae
