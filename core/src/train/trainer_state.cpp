// Trainer::save_state / load_state: the parts of a checkpoint that belong to the trainer.
#include <nlohmann/json.hpp>

#include "rcmae/io/config_json.h"
#include "rcmae/train/trainer.h"

namespace rcmae {
namespace {
torch::Tensor scalar(int64_t value) { return torch::tensor({value}, torch::kInt64); }
}  // namespace

void Trainer::save_state(torch::serialize::OutputArchive& archive) {
  torch::serialize::OutputArchive student_archive;
  student_->save(student_archive);
  archive.write("student", student_archive);
  if (teacher_) {
    torch::serialize::OutputArchive teacher_archive;
    teacher_->model()->save(teacher_archive);
    archive.write("teacher", teacher_archive);
  }
  torch::serialize::OutputArchive optimizer_archive;
  optimizer_->save(optimizer_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("step", scalar(step_));
  archive.write("batches_taken", scalar(batches_taken_));
  archive.write("train_time_s", torch::tensor(train_time_s_, torch::kFloat64));
  archive.write("mask_rng", mask_generator_.get_state());
  archive.write("torch_rng", at::detail::getDefaultCPUGenerator().get_state());
  // The live settings as they are now (they may differ from the run's start).
  archive.write("config_json", c10::IValue(to_json(config_).dump()));
}

void Trainer::load_state(torch::serialize::InputArchive& archive) {
  torch::serialize::InputArchive student_archive;
  archive.read("student", student_archive);
  student_->load(student_archive);
  step_replicas_.clear();  // the load gave the weights new storage: replicas are built again
  if (teacher_) {
    torch::serialize::InputArchive teacher_archive;
    archive.read("teacher", teacher_archive);
    teacher_->model()->load(teacher_archive);
    for (auto& p : teacher_->model()->parameters()) p.set_requires_grad(false);
  }
  torch::serialize::InputArchive optimizer_archive;
  archive.read("optimizer", optimizer_archive);
  optimizer_->load(optimizer_archive);
  torch::Tensor step, batches, mask_rng, torch_rng;
  archive.read("step", step);
  archive.read("batches_taken", batches);
  archive.read("mask_rng", mask_rng);
  archive.read("torch_rng", torch_rng);
  c10::IValue config_json;
  archive.read("config_json", config_json);
  const TrainConfig saved =
      train_config_from_json(nlohmann::json::parse(config_json.toStringRef()));
  config_.mask_ratio = saved.mask_ratio;
  config_.momentum = saved.momentum;
  config_.gamma = saved.gamma;
  config_.base_lr = saved.base_lr;
  // A time budget refits the step count as it goes: continue with the fitted one.
  if (saved.time_budget_s > 0) config_.steps = saved.steps;
  torch::Tensor train_time;
  if (archive.try_read("train_time_s", train_time)) train_time_s_ = train_time.item<double>();
  step_ = step.item<int64_t>();
  next_refit_step_ = std::max<int64_t>(8, 2 * step_);
  refit_from_step_ = step_;
  refit_from_time_s_ = train_time_s_;
  mask_generator_.set_state(mask_rng);
  at::Generator global = at::detail::getDefaultCPUGenerator();
  global.set_state(torch_rng);
  const int64_t to_skip = batches.item<int64_t>() - batches_taken_;
  if (to_skip > 0) data_->skip_batches(to_skip);
  batches_taken_ = batches.item<int64_t>();
}

void Trainer::continue_as_fork(int64_t total_steps, std::optional<uint64_t> reseed) {
  if (total_steps <= step_)
    throw std::invalid_argument("a fork at step " + std::to_string(step_) +
                                " needs more steps than that, got " + std::to_string(total_steps));
  config_.steps = total_steps;
  config_.time_budget_s = 0;
  if (!reseed) return;
  {
    std::lock_guard<std::mutex> lock(mask_generator_.mutex());
    mask_generator_.set_current_seed(mask_seed_for(*reseed));
  }
  at::Generator global = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(global.mutex());
  global.set_current_seed(*reseed);
}

}  // namespace rcmae
