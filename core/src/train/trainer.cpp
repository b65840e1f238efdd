#include "rcmae/train/trainer.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <optional>

#include "rcmae/model/kernel_choice.h"
#include "rcmae/model/loss.h"
#include "rcmae/model/mask_strategy.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/runtime/shared_replica.h"
#include "rcmae/runtime/step_worker_count.h"
#include "rcmae/train/fused_adamw.h"
#include "rcmae/train/initial_weights.h"
#include "rcmae/train/optimizer_setup.h"
#include "rcmae/train/schedules.h"
#include "rcmae/util/elapsed.h"

namespace rcmae {
namespace {

// Measuring ||theta - phi|| reads every parameter; every 10 steps is plenty for a curve.
constexpr int64_t kDistanceEvery = 10;

void record_change(std::vector<ParameterEvent>& events, int64_t step, const char* name,
                   double& value, const std::optional<double>& requested) {
  if (!requested || *requested == value) return;
  events.push_back({step, name, value, *requested});
  value = *requested;
}

// A strategy change is recorded with the strategies' indices (0 random, 1 block, 2 grid) so
// that it travels as every other parameter event; an unknown name is left to validate().
void record_strategy_change(std::vector<ParameterEvent>& events, int64_t step, std::string& value,
                            const std::optional<std::string>& requested) {
  if (!requested || *requested == value) return;
  auto index = [](const std::string& name) {
    auto strategy = mask_strategy_from_string(name);
    return strategy ? double(int(*strategy)) : std::nan("");
  };
  events.push_back({step, "mask_strategy", index(value), index(*requested)});
  value = *requested;
}

void check_finite_loss(double loss, int64_t steps_done) {
  if (!std::isfinite(loss))
    throw TrainingError(
        "loss is " + std::to_string(loss) + " at step " + std::to_string(steps_done + 1) +
        "; the weights were not updated. Lower the learning rate or check the data.");
}

}  // namespace

Trainer::Trainer(TrainConfig config, std::unique_ptr<BatchSource> data)
    : config_(std::move(config)),
      data_(std::move(data)),
      device_(resolve_device(config_.device)),
      mask_generator_(at::detail::createCPUGenerator(mask_seed_for(config_.seed))) {
  if (auto problem = validate(config_)) throw std::invalid_argument(problem->to_string());
  if (!data_) throw std::invalid_argument("Trainer needs a data source");
  // Process-wide, like the thread count: the last Trainer built decides (one run at a time).
  set_kernels(*kernels_from_string(config_.kernels));
  torch::manual_seed(config_.seed);
  student_ = MaeVit(config_.model);
  student_->to(device_);
  if (!config_.init_from.empty()) start_from_weights(student_, config_.init_from);
  if (config_.has_teacher()) teacher_ = std::make_unique<EmaTeacher>(student_);
  optimizer_ = make_adamw(*student_, config_.peak_lr(), config_.weight_decay);
  if (teacher_ && config_.grad_sim_every > 0) {
    std::vector<std::string> names;
    for (const auto& item : student_->named_parameters())
      if (item.value().requires_grad()) names.push_back(item.key());
    probe_ = std::make_unique<GradientProbe>(
        names, config_.feature_pooling == "mean" ? FeaturePooling::Mean : FeaturePooling::Cls);
  }
}

Trainer::~Trainer() = default;

void Trainer::request_changes(const LiveChanges& changes) {
  std::lock_guard<std::mutex> lock(pending_mutex_);
  pending_.merge(changes);
}

void Trainer::set_data_shard(int rank, int world_size) {
  if (world_size < 1 || rank < 0 || rank >= world_size)
    throw std::invalid_argument("data shard: rank " + std::to_string(rank) +
                                " outside world size " + std::to_string(world_size));
  if (config_.batch % world_size != 0)
    throw std::invalid_argument("--batch " + std::to_string(config_.batch) +
                                " is not divisible by the world size " +
                                std::to_string(world_size));
  shard_rank_ = rank;
  shard_world_ = world_size;
}

std::vector<ParameterEvent> Trainer::take_events() {
  std::lock_guard<std::mutex> lock(pending_mutex_);
  return std::exchange(events_, {});
}

void Trainer::apply_pending_changes() {
  std::lock_guard<std::mutex> lock(pending_mutex_);
  if (pending_.empty()) return;
  TrainConfig next = config_;
  const int64_t at = step_ + 1;
  std::vector<ParameterEvent> applied;
  record_change(applied, at, "mask_ratio", next.mask_ratio, pending_.mask_ratio);
  record_change(applied, at, "momentum", next.momentum, pending_.momentum);
  record_change(applied, at, "gamma", next.gamma, pending_.gamma);
  record_change(applied, at, "base_lr", next.base_lr, pending_.base_lr);
  record_strategy_change(applied, at, next.mask_strategy, pending_.mask_strategy);
  pending_ = {};
  if (auto problem = validate(next)) {
    spdlog::warn("live change refused: {}", problem->to_string());
    return;
  }
  for (const auto& e : applied)
    spdlog::info("step {}: {} {} -> {}", e.step, e.name, e.old_value, e.new_value);
  config_ = next;
  events_.insert(events_.end(), applied.begin(), applied.end());
}

StepRecord Trainer::step() {
  const double start = steady_seconds();
  apply_pending_changes();
  Batch batch = data_->next_batch();
  ++batches_taken_;
  const double data_ready = steady_seconds();
  const int64_t n = batch.images.size(0);
  // Data parallel: the same global batch and masks on every rank, each takes its rows.
  const int64_t shard_rows = n / shard_world_, shard_begin = shard_rank_ * shard_rows;
  auto images = (shard_world_ > 1 ? batch.images.narrow(0, shard_begin, shard_rows) : batch.images)
                    .to(device_);
  auto for_shard = [&](MaskPlan plan) {
    return shard_world_ > 1 ? mask_rows(plan, shard_begin, shard_rows) : plan;
  };

  StepRecord record;
  record.lr = learning_rate_at(step_, config_.steps, config_.effective_warmup(), config_.peak_lr());
  record.momentum = config_.has_teacher() ? momentum_at(step_, config_.steps, config_.momentum,
                                                        config_.momentum_schedule)
                                          : std::nan("");
  record.gamma = config_.gamma;
  record.mask_ratio = config_.mask_ratio;
  set_learning_rate(*optimizer_, record.lr);

  const MaskStrategy strategy = *mask_strategy_from_string(config_.mask_strategy);
  const int64_t grid = config_.model.grid();
  MaskPlan plan =
      for_shard(make_masks(strategy, n, grid, config_.mask_ratio, mask_generator_, device_));
  const bool with_teacher = teacher_ && config_.gamma > 0;
  std::optional<MaskPlan> teacher_plan;
  if (with_teacher)
    teacher_plan =
        config_.mode == TeacherMode::RcMaeD
            ? for_shard(make_masks(strategy, n, grid, config_.mask_ratio, mask_generator_, device_))
            : plan;
  const bool measured = measures_gradients_now(with_teacher);
  if (!measured && step_worker_count() > 1) {
    optimizer_->zero_grad();
    const SplitLosses losses =
        split_forward_backward(images, plan, teacher_plan ? &*teacher_plan : nullptr);
    record.loss = losses.loss;
    record.loss_rec = losses.rec;
    record.loss_cons = losses.cons;
    check_finite_loss(record.loss, step_);
  } else {
    auto target = patch_targets(images, config_.model.patch, config_.model.norm_pix_loss);
    auto latent = student_->forward_encoder(images, plan);
    auto pred = student_->forward_decoder(latent, plan);
    auto loss_rec = masked_mse(pred, target, plan.mask);
    auto loss = loss_rec;
    torch::Tensor loss_cons;
    if (with_teacher) {
      auto teacher_pred = teacher_->predict(images, *teacher_plan);
      loss_cons = masked_mse(pred, teacher_pred, plan.mask);
      loss = loss_rec + config_.gamma * loss_cons;
    }
    record.loss = loss.item<double>();
    record.loss_rec = loss_rec.item<double>();
    record.loss_cons = loss_cons.defined() ? loss_cons.item<double>() : 0.0;
    check_finite_loss(record.loss, step_);

    optimizer_->zero_grad();
    if (measured) {
      auto diagnostics = separated_backward(loss_rec, loss_cons, latent);
      record.cos_c_r = diagnostics.cos_c_r;
      record.cos_c_r_prev = diagnostics.cos_c_r_prev;
      record.grad_norm_ratio = diagnostics.norm_ratio;
      record.feature_similarity = diagnostics.feature_similarity;
      record.nn_similarity = diagnostics.nearest_neighbour_similarity;
      last_grad_similarity_ = std::move(diagnostics);
    } else {
      loss.backward();
    }
  }
  if (gradient_hook_) {
    std::vector<torch::Tensor> grads;
    for (auto& p : student_->parameters()) {
      if (!p.requires_grad()) continue;
      if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
      grads.push_back(p.grad());
    }
    gradient_hook_(grads);
  }
  if (uses_kernel(Kernel::AdamW))
    fused_adamw_step(*optimizer_);
  else
    optimizer_->step();
  if (teacher_) teacher_->update(student_, record.momentum);
  ++step_;

  if (teacher_ && (step_ % kDistanceEvery == 0 || step_ == 1 || measured))
    record.teacher_distance = teacher_->relative_distance(student_);
  if (measured) last_grad_similarity_->teacher_distance = record.teacher_distance;
  const double end = steady_seconds();
  record.step = step_;
  record.images_seen = step_ * int64_t(config_.batch);
  record.step_s = end - start;
  record.data_wait_s = data_ready - start;
  record.images_per_s = record.step_s > 0 ? n / record.step_s : 0.0;
  train_time_s_ += record.step_s;
  record.wall_s = train_time_s_;
  fit_steps_to_budget();
  return record;
}

void Trainer::fit_steps_to_budget() {
  if (config_.time_budget_s <= 0) return;
  if (train_time_s_ >= config_.time_budget_s) {
    config_.steps = step_;
    config_.warmup_steps = std::min(config_.warmup_steps, step_);  // keeps the config valid
    return;
  }
  if (step_ < next_refit_step_) return;
  // The mean step time since the last refit: the first steps (allocations, cold caches) only
  // shape the first estimate.
  const double step_s = (train_time_s_ - refit_from_time_s_) / double(step_ - refit_from_step_);
  const double remaining_s = config_.time_budget_s - train_time_s_;
  if (step_s > 0)
    config_.steps =
        std::max(config_.warmup_steps, step_ + std::max<int64_t>(1, int64_t(remaining_s / step_s)));
  refit_from_step_ = step_;
  refit_from_time_s_ = train_time_s_;
  next_refit_step_ = 2 * step_;
}

std::optional<GradSimilarityRecord> Trainer::take_grad_similarity() {
  return std::exchange(last_grad_similarity_, std::nullopt);
}

bool Trainer::measures_gradients_now(bool with_teacher) const {
  return probe_ && with_teacher && (step_ + 1) % config_.grad_sim_every == 0;
}

int Trainer::step_worker_count() const {
  // Asked every step: the core count (read from /proc/cpuinfo) once per process. Automatic
  // follows the run's thread count, not torch's current one, which the governor may change.
  static const int cores = physical_core_count();
  const int threads = config_.threads > 0 ? config_.threads : cores;
  return rcmae::step_worker_count(config_.step_workers, threads, config_.batch / shard_world_,
                                  device_.is_cpu());
}

Trainer::SplitLosses Trainer::split_forward_backward(const torch::Tensor& images,
                                                     const MaskPlan& plan,
                                                     const MaskPlan* teacher_plan) {
  const int count = step_worker_count();
  if (step_replicas_.size() != static_cast<size_t>(count)) {
    step_workers_ = std::make_unique<SingleThreadWorkers>(count);
    step_replicas_.clear();
    MaeVit teacher_model = teacher_ ? teacher_->model() : MaeVit{nullptr};
    step_replicas_.push_back({student_, teacher_model, trainable_parameters(*student_)});
    for (int r = 1; r < count; ++r) {
      StepReplica replica;
      {
        KeepGlobalRandomState keep;
        replica.student = MaeVit(config_.model);
        if (teacher_) replica.teacher = MaeVit(config_.model);
      }
      share_storage(*replica.student, *student_);
      if (teacher_) {
        share_storage(*replica.teacher, *teacher_model);
        replica.teacher->eval();
      }
      replica.trainable = trainable_parameters(*replica.student);
      step_replicas_.push_back(std::move(replica));
    }
  }
  for (int r = 1; r < count; ++r) {
    step_replicas_[r].student->train(student_->is_training());
    drop_gradients(step_replicas_[r].trainable);
  }
  // Each worker's losses are means over its masked patches; weighted by its share of the
  // batch's masked patches they add up to the batch's means, and so do the gradients.
  const int64_t n = images.size(0);
  const double masked = plan.mask.sum().item<double>();
  std::vector<SplitLosses> parts(count);
  step_workers_->run_over_rows(n, [&](int r, int64_t begin, int64_t rows) {
    StepReplica& replica = step_replicas_[r];
    const auto part = images.narrow(0, begin, rows);
    const MaskPlan part_plan = mask_rows(plan, begin, rows);
    const double share = part_plan.mask.sum().item<double>() / masked;
    auto target = patch_targets(part, config_.model.patch, config_.model.norm_pix_loss);
    auto pred = replica.student->forward(part, part_plan);
    auto loss_rec = masked_mse(pred, target, part_plan.mask);
    auto loss = loss_rec;
    if (teacher_plan) {
      auto teacher_pred =
          teacher_prediction(replica.teacher, part, mask_rows(*teacher_plan, begin, rows));
      auto loss_cons = masked_mse(pred, teacher_pred, part_plan.mask);
      loss = loss_rec + config_.gamma * loss_cons;
      parts[r].cons = loss_cons.item<double>() * share;
    }
    (loss * share).backward();
    parts[r].loss = loss.item<double>() * share;
    parts[r].rec = loss_rec.item<double>() * share;
  });
  for (int r = 1; r < count; ++r)
    add_gradients(step_replicas_[r].trainable, step_replicas_[0].trainable);
  SplitLosses total;
  for (const auto& p : parts) {
    total.loss += p.loss;
    total.rec += p.rec;
    total.cons += p.cons;
  }
  return total;
}

GradSimilarityRecord Trainer::separated_backward(const torch::Tensor& loss_rec,
                                                 const torch::Tensor& loss_cons,
                                                 const torch::Tensor& latent) {
  std::vector<torch::Tensor> params;
  for (auto& p : student_->parameters())
    if (p.requires_grad()) params.push_back(p);
  auto g_r = torch::autograd::grad({loss_rec}, params, {}, /*retain_graph=*/true,
                                   /*create_graph=*/false, /*allow_unused=*/true);
  auto g_c = torch::autograd::grad({loss_cons}, params, {}, /*retain_graph=*/false,
                                   /*create_graph=*/false, /*allow_unused=*/true);
  for (size_t i = 0; i < params.size(); ++i) {
    if (!g_r[i].defined()) g_r[i] = torch::zeros_like(params[i]);
    if (!g_c[i].defined()) g_c[i] = torch::zeros_like(params[i]);
    params[i].mutable_grad() = g_r[i] + config_.gamma * g_c[i];
  }
  return probe_->measure(step_ + 1, g_r, g_c, latent);
}

}  // namespace rcmae
