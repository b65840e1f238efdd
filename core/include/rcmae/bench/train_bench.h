#pragma once
// Timing of training steps, reported against this machine's own matmul speed.
#include <cstdint>
#include <string>

#include "rcmae/train/train_config.h"

namespace rcmae {

struct TrainBenchResult {
  int64_t steps = 0;
  double step_s_median = 0;
  double step_s_p90 = 0;
  double data_wait_s_median = 0;
  // With --grad-sim-every K: median step time of the steps that measured the gradient
  // diagnostics, and of those that did not (the difference is the cost per recorded step).
  int64_t grad_sim_steps = 0;
  double grad_sim_step_s_median = 0;
  double plain_step_s_median = 0;
  double images_per_s = 0;
  double peak_rss_mb = 0;
  double gflop_per_step = 0;
  double gflops_achieved = 0;
  double sgemm_gflops = 0;
  int threads = 0;
};

// Matmul FLOPs of one training step (forward + backward of the student = 3x forward, plus
// the teacher's forward when it runs), counted from the shapes: linear layers, the patch
// embedding and the two attention matmuls.
double step_matmul_flops(const TrainConfig& config);

// GFLOP/s of a 1024x1024 float matmul with the current thread count (median of repeats).
double measure_sgemm_gflops();

// Peak resident set size of this process in MiB (VmHWM).
double peak_rss_mb();

// Runs `warmup` untimed steps then `steps` timed ones on synthetic data. With a
// `profile_trace` path, the timed steps also run under LibTorch's profiler, which writes a
// Chrome trace there (bench/profile_summary.py turns it into self time per op); the profiler
// slows the steps, so their times are then not the engine's.
TrainBenchResult run_train_bench(const TrainConfig& config, int64_t warmup, int64_t steps,
                                 const std::string& profile_trace = {});

std::string to_json_line(const TrainBenchResult& result, const TrainConfig& config);

// Whole training steps with two kernel choices, A (config.kernels) and B, alternating step
// by step in one process on one trainer (the kernels are process-wide and the fused AdamW
// keeps torch's state, so either may follow the other). Pairing consecutive steps keeps the
// ratio honest on a machine whose speed drifts: `ratio_median` is the median of B / A over
// the pairs (`rcmae bench --vs-kernels B`).
struct KernelAbResult {
  std::string a, b;
  int64_t pairs = 0;
  double a_step_s_median = 0, b_step_s_median = 0;
  double ratio_median = 0;  // B / A, pair by pair
};
KernelAbResult run_kernel_ab(const TrainConfig& config, const std::string& kernels_b,
                             int64_t warmup, int64_t pairs);
std::string to_json_line(const KernelAbResult& result, const TrainConfig& config);

}  // namespace rcmae
