#include "rcmae/bench/train_bench.h"

#include <torch/csrc/autograd/profiler.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "rcmae/bench/bench_statistics.h"
#include "rcmae/data/source_factory.h"
#include "rcmae/model/kernel_choice.h"
#include "rcmae/model/masking.h"
#include "rcmae/train/trainer.h"
#include "rcmae/train/training_data.h"
#include "rcmae/util/elapsed.h"

namespace rcmae {
namespace {

// FLOPs of one pre-norm block on `tokens` tokens of width `dim` (per image): qkv, proj and
// the MLP are 24*T*D^2; q.k^T and attn.v are 4*T^2*D.
double block_flops(double tokens, double dim, double mlp_ratio) {
  return 2 * tokens * dim * (3 * dim) + 2 * tokens * dim * dim +
         2 * 2 * tokens * dim * (mlp_ratio * dim) + 4 * tokens * tokens * dim;
}

double forward_flops_per_image(const ModelConfig& m, double mask_ratio) {
  const double patches = m.num_patches();
  const double enc_tokens = 1 + kept_patch_count(m.num_patches(), mask_ratio);
  const double dec_tokens = 1 + patches;
  double flops = 2 * patches * m.patch_dim() * m.enc_dim;  // patch embedding
  flops += m.enc_depth * block_flops(enc_tokens, m.enc_dim, m.mlp_ratio);
  flops += 2 * enc_tokens * m.enc_dim * m.dec_dim;  // decoder_embed
  flops += m.dec_depth * block_flops(dec_tokens, m.dec_dim, m.mlp_ratio);
  flops += 2 * dec_tokens * m.dec_dim * m.patch_dim();  // decoder_pred
  return flops;
}

}  // namespace

double step_matmul_flops(const TrainConfig& c) {
  const double forward = forward_flops_per_image(c.model, c.mask_ratio) * c.batch;
  // Backward costs two forwards (input and weight gradients).
  double total = 3 * forward;
  if (c.has_teacher() && c.gamma > 0) total += forward;
  return total;
}

double measure_sgemm_gflops() {
  torch::NoGradGuard no_grad;
  auto a = torch::randn({1024, 1024});
  auto b = torch::randn({1024, 1024});
  auto out = torch::empty({1024, 1024});
  for (int i = 0; i < 3; ++i) torch::mm_out(out, a, b);
  std::vector<double> rates;
  for (int i = 0; i < 15; ++i) {
    const double start = steady_seconds();
    torch::mm_out(out, a, b);
    rates.push_back(2.0 * 1024 * 1024 * 1024 / (steady_seconds() - start) / 1e9);
  }
  return median(rates);
}

double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

TrainBenchResult run_train_bench(const TrainConfig& config, int64_t warmup, int64_t steps,
                                 const std::string& profile_trace) {
  TrainConfig run = config;
  run.steps = std::max<int64_t>(run.steps, warmup + steps);
  const DataOptions data = data_options_for(config);
  Trainer trainer(run, open_batch_source(data));
  for (int64_t i = 0; i < warmup; ++i) trainer.step();
  std::vector<double> step_times, waits, measured_times, plain_times;
  std::optional<torch::autograd::profiler::RecordProfile> profile;
  if (!profile_trace.empty()) profile.emplace(profile_trace);
  for (int64_t i = 0; i < steps; ++i) {
    StepRecord r = trainer.step();
    step_times.push_back(r.step_s);
    waits.push_back(r.data_wait_s);
    (trainer.take_grad_similarity() ? measured_times : plain_times).push_back(r.step_s);
  }
  profile.reset();  // writes the trace
  TrainBenchResult result;
  result.steps = steps;
  result.step_s_median = median(step_times);
  result.step_s_p90 = percentile(step_times, 0.9);
  result.data_wait_s_median = median(waits);
  result.grad_sim_steps = int64_t(measured_times.size());
  result.grad_sim_step_s_median = median(measured_times);
  result.plain_step_s_median = median(plain_times);
  result.images_per_s = config.batch / result.step_s_median;
  result.gflop_per_step = step_matmul_flops(config) / 1e9;
  result.gflops_achieved = result.gflop_per_step / result.step_s_median;
  result.sgemm_gflops = measure_sgemm_gflops();
  result.peak_rss_mb = peak_rss_mb();
  result.threads = torch::get_num_threads();
  return result;
}

KernelAbResult run_kernel_ab(const TrainConfig& config, const std::string& kernels_b,
                             int64_t warmup, int64_t pairs) {
  const auto a = kernels_from_string(config.kernels);
  const auto b = kernels_from_string(kernels_b);
  if (!a || !b) throw std::invalid_argument("--vs-kernels: unknown kernels '" + kernels_b + "'");
  TrainConfig run = config;
  run.steps = std::max<int64_t>(run.steps, warmup + 2 * pairs);
  Trainer trainer(run, open_batch_source(data_options_for(config)));
  // Warm both paths (allocator, caches, the fused and stock code) before timing.
  for (int64_t i = 0; i < warmup; ++i) {
    set_kernels(i % 2 == 0 ? *a : *b);
    trainer.step();
  }
  std::vector<double> a_times, b_times, ratios;
  for (int64_t i = 0; i < pairs; ++i) {
    // Alternate which arm goes first, so neither always follows the other.
    const bool a_first = i % 2 == 0;
    set_kernels(a_first ? *a : *b);
    const double first = trainer.step().step_s;
    set_kernels(a_first ? *b : *a);
    const double second = trainer.step().step_s;
    a_times.push_back(a_first ? first : second);
    b_times.push_back(a_first ? second : first);
    ratios.push_back(b_times.back() / a_times.back());
  }
  set_kernels(*a);
  return {to_string(*a), to_string(*b), pairs, median(a_times), median(b_times), median(ratios)};
}

std::string to_json_line(const KernelAbResult& r, const TrainConfig& c) {
  return nlohmann::json{{"mode", to_string(c.mode)},
                        {"preset", c.preset},
                        {"batch", c.batch},
                        {"threads", torch::get_num_threads()},
                        {"kernels_a", r.a},
                        {"kernels_b", r.b},
                        {"pairs", r.pairs},
                        {"a_step_s_median", r.a_step_s_median},
                        {"b_step_s_median", r.b_step_s_median},
                        {"b_over_a_median", r.ratio_median}}
      .dump();
}

std::string to_json_line(const TrainBenchResult& r, const TrainConfig& c) {
  nlohmann::json json = {
      {"mode", to_string(c.mode)},
      {"preset", c.preset},
      {"img", c.model.img_size},
      {"channels", c.model.channels},
      {"patch", c.model.patch},
      {"batch", c.batch},
      {"threads", r.threads},
      {"steps", r.steps},
      {"step_s_median", r.step_s_median},
      {"step_s_p90", r.step_s_p90},
      {"data_wait_s_median", r.data_wait_s_median},
      {"images_per_s", r.images_per_s},
      {"peak_rss_mb", r.peak_rss_mb},
      {"gflop_per_step", r.gflop_per_step},
      {"gflops_achieved", r.gflops_achieved},
      {"sgemm_gflops", r.sgemm_gflops},
      {"grad_sim_every", c.grad_sim_every},
      {"grad_sim_steps", r.grad_sim_steps},
      {"grad_sim_step_s_median", r.grad_sim_step_s_median},
      {"plain_step_s_median", r.plain_step_s_median},
      {"efficiency", r.sgemm_gflops > 0 ? r.gflops_achieved / r.sgemm_gflops : 0}};
  return json.dump();
}

}  // namespace rcmae
