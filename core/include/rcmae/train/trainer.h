#pragma once
// The training loop as plain C++: one call to step() is one optimiser step of MAE or
// RC-MAE. No Qt; the GUI drives it from a worker thread, the CLI from main().
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "rcmae/data/batch_source.h"
#include "rcmae/model/mae_vit.h"
#include "rcmae/runtime/single_thread_workers.h"
#include "rcmae/train/ema_teacher.h"
#include "rcmae/train/gradient_probe.h"
#include "rcmae/train/live_changes.h"
#include "rcmae/train/reconstruction.h"
#include "rcmae/train/step_record.h"
#include "rcmae/train/train_config.h"

namespace rcmae {

// Thrown when a step cannot be taken (non-finite loss, ...). The weights are left as they
// were before the step.
class TrainingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Trainer {
 public:
  // Validates `config` (throws std::invalid_argument naming the option) and builds the
  // student, the teacher (unless mode is MAE) and the optimiser.
  Trainer(TrainConfig config, std::unique_ptr<BatchSource> data);
  ~Trainer();

  StepRecord step();

  // Thread-safe: queued and applied at the start of the next step.
  void request_changes(const LiveChanges& changes);
  // Events applied since the last call (drained).
  std::vector<ParameterEvent> take_events();
  // The gradient diagnostics of the last step, if that step measured them (drained).
  std::optional<GradSimilarityRecord> take_grad_similarity();

  // Data parallelism (dist/data_parallel.h): train on rows [rank*B/W, (rank+1)*B/W) of
  // every global batch and of its masks. B must be divisible by W.
  void set_data_shard(int rank, int world_size);
  // Called after backward and before the optimiser step with the gradients of the
  // trainable parameters (all defined); may change them in place. Unset: nothing happens.
  using GradientHook = std::function<void(std::vector<torch::Tensor>& grads)>;
  void set_gradient_hook(GradientHook hook) { gradient_hook_ = std::move(hook); }

  // Reconstructs `images` ([N,C,H,W], normalised) with a mask drawn from `mask_seed`.
  ReconstructionSnapshot reconstruct(const torch::Tensor& images, uint64_t mask_seed);

  // Everything needed to continue bit-for-bit: weights, optimiser moments, step, live
  // settings, RNG states and the data position (see io/checkpoint.h for the file).
  void save_state(torch::serialize::OutputArchive& archive);
  void load_state(torch::serialize::InputArchive& archive);
  // Continues a loaded state as one arm of a fork (fork/fork_runner.h): the schedules end at
  // `total_steps` and a time budget no longer refits them (every arm takes the same steps).
  // With `reseed`, the mask generator and torch's generator start over from it: a replicate's
  // own post-fork randomness, shared by every arm of that replicate (the data stream follows
  // the seed the data source was built with). Without it they go on from the saved state, so
  // an arm without changes continues exactly as the parent would have.
  void continue_as_fork(int64_t total_steps, std::optional<uint64_t> reseed);

  const TrainConfig& config() const { return config_; }
  int64_t steps_done() const { return step_; }
  // Time spent in step() over the whole run (restored on resume): pauses, evaluations and
  // snapshots between steps do not count. StepRecord::wall_s reports it.
  double train_time_s() const { return train_time_s_; }
  MaeVit& student() { return student_; }
  EmaTeacher* teacher() { return teacher_.get(); }  // null in MAE mode
  torch::optim::AdamW& optimizer() { return *optimizer_; }
  BatchSource& data() { return *data_; }
  const BatchSource& data() const { return *data_; }
  torch::Device device() const { return device_; }
  // How many workers this run's steps are split over (config step_workers resolved for the
  // device, the run's threads and the rows of a shard); 1: the whole batch on torch's threads.
  int step_worker_count() const;

 private:
  // The mask generator's seed for a run (or replicate) seed: its stream differs from torch's.
  static uint64_t mask_seed_for(uint64_t seed) { return seed * 2654435761ULL + 17; }
  void apply_pending_changes();
  bool measures_gradients_now(bool with_teacher) const;
  // With a time budget: refits config_.steps to the measured step time (at steps 8, 16, 32,
  // ...) so the lr and momentum schedules end when the budget does; ends the run (steps =
  // steps done) once the budget is spent.
  void fit_steps_to_budget();
  // The losses of a step split over the step workers (StepRecord's loss, loss_rec,
  // loss_cons), gradients summed into the student's. `teacher_plan`: null without teacher.
  struct SplitLosses {
    double loss = 0, rec = 0, cons = 0;
  };
  SplitLosses split_forward_backward(const torch::Tensor& images, const MaskPlan& plan,
                                     const MaskPlan* teacher_plan);
  // Backward with L_rec and L_cons kept apart; the parameters receive exactly
  // g_r + gamma * g_c, the gradient of the total loss.
  GradSimilarityRecord separated_backward(const torch::Tensor& loss_rec,
                                          const torch::Tensor& loss_cons,
                                          const torch::Tensor& latent);

  TrainConfig config_;
  std::unique_ptr<BatchSource> data_;
  torch::Device device_;
  MaeVit student_{nullptr};
  std::unique_ptr<EmaTeacher> teacher_;
  std::unique_ptr<torch::optim::AdamW> optimizer_;
  std::unique_ptr<GradientProbe> probe_;
  std::optional<GradSimilarityRecord> last_grad_similarity_;
  at::Generator mask_generator_;
  int64_t step_ = 0;
  int shard_rank_ = 0;
  int shard_world_ = 1;
  GradientHook gradient_hook_;
  int64_t batches_taken_ = 0;
  // Step workers: [0] is the student (and teacher) itself, the others replicas sharing their
  // storage; built at the first split step, dropped when load_state rebinds the weights.
  struct StepReplica {
    MaeVit student{nullptr}, teacher{nullptr};
    std::vector<torch::Tensor> trainable;
  };
  std::unique_ptr<SingleThreadWorkers> step_workers_;
  std::vector<StepReplica> step_replicas_;
  double train_time_s_ = 0;
  int64_t next_refit_step_ = 8;
  int64_t refit_from_step_ = 0;
  double refit_from_time_s_ = 0;

  std::mutex pending_mutex_;
  LiveChanges pending_;
  std::vector<ParameterEvent> events_;
};

}  // namespace rcmae
