#include "rcmae/train/training_loop.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "rcmae/dist/data_parallel.h"
#include "rcmae/eval/knn_monitor.h"
#include "rcmae/eval/linear_probe.h"
#include "rcmae/eval/measurement_cancel.h"
#include "rcmae/governor/thread_governor.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/io/run_folder.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/quality_tracker.h"
#include "rcmae/train/trainer.h"
#include "rcmae/util/elapsed.h"
#include "rcmae/util/error_text.h"

namespace rcmae {
namespace {

std::unique_ptr<KnnMonitor> make_knn_monitor(Trainer& trainer) {
  const TrainConfig& config = trainer.config();
  if (config.knn_every <= 0) return nullptr;
  KnnOptions knn_options;
  knn_options.bank_size = config.knn_bank;
  knn_options.query_size = config.knn_queries;
  knn_options.mean_pooling = config.feature_pooling == "mean";
  const auto& info = trainer.data().info();
  return std::make_unique<KnnMonitor>(config.dataset, config.model, info.mean, info.std,
                                      knn_options);
}

// In a data-parallel run every rank measures quality at the same step, as rank 0's clock
// decides: no rank then waits in a collective (under its timeout) while another evaluates.
QualityTracker::Due agree_across_ranks(DataParallel* dp, QualityTracker::Due due) {
  if (!dp) return due;
  const bool mine = dp->rank() == 0;
  auto flags = torch::tensor(
      {mine && due.reconstruction ? 1.0f : 0.0f, mine && due.representation ? 1.0f : 0.0f});
  dp->allreduce_mean({flags});
  return {flags[0].item<float>() > 0, flags[1].item<float>() > 0};
}

void log_quality(const QualityRecord& q) {
  std::string line = fmt::format("step {}: held-out", q.step);
  if (!std::isnan(q.student_nmse)) line += fmt::format(" rec_nmse student {:.3f}", q.student_nmse);
  if (!std::isnan(q.teacher_nmse)) line += fmt::format(" teacher {:.3f}", q.teacher_nmse);
  if (q.has_representation())
    line +=
        fmt::format(" kNN {:.1f}% probe {:.1f}% (raw pixels {:.1f}% / {:.1f}%)", 100 * q.eval_knn(),
                    100 * q.eval_probe(), 100 * q.pixel_knn, 100 * q.pixel_probe);
  spdlog::info("{} [{:.1f} s]", line, q.eval_s);
}

}  // namespace

std::string error_event_json(int64_t step, const std::string& message) {
  return nlohmann::json{{"step", step}, {"type", "error"}, {"message", message}}.dump();
}

TrainingLoop::TrainingLoop(Trainer& trainer, TrainingObserver& observer,
                           TrainingLoopOptions options)
    : trainer_(trainer),
      observer_(observer),
      options_(std::move(options)),
      knn_(make_knn_monitor(trainer)),  // every rank of a data-parallel run evaluates
      quality_(QualityTracker::create(trainer, options_.quality_schedule)),
      first_step_(trainer.steps_done()),
      saved_train_time_s_(trainer.train_time_s()) {
  // A data-parallel rank keeps its share of the cores; a GPU run's host threads hardly matter;
  // step workers run one intra-op thread each, whatever the count (and beat both thread
  // counts idle and under load: docs/PERFORMANCE.md).
  const bool cpu = trainer_.device().is_cpu();
  if (trainer_.config().threads == 0 && cpu && !options_.data_parallel &&
      trainer_.step_worker_count() == 1)
    governor_ = std::make_unique<ThreadGovernor>(ThreadGovernor::halvings(physical_core_count()));
}

// Between steps, on the training thread: torch's count is per thread (OpenMP's), and the
// evaluations that follow use the same count.
void TrainingLoop::follow_governor(const StepRecord& record) {
  if (!governor_) return;
  const int decisions = governor_->decisions();
  const int threads = governor_->after_step(record.step_s);
  if (threads != torch::get_num_threads()) torch::set_num_threads(threads);
  if (governor_->decisions() == decisions) return;
  std::string paces;
  const std::vector<int>& counts = governor_->candidates();
  for (size_t i = 0; i < counts.size(); ++i)
    paces +=
        fmt::format("{}{} thread(s) {:.3f} s", i ? ", " : "", counts[i], governor_->paces()[i]);
  spdlog::info("step {}: {} thread(s), the fastest per step ({})", record.step, threads, paces);
}

TrainingLoop::~TrainingLoop() = default;

int64_t TrainingLoop::last_step() const {
  const int64_t steps = trainer_.config().steps;  // a time budget refits it as the run goes
  return options_.stop_at > 0 ? std::min(options_.stop_at, steps) : steps;
}

bool TrainingLoop::budget_spent() const { return trainer_.steps_done() >= last_step(); }

std::filesystem::path TrainingLoop::checkpoint_file() const {
  return options_.folder ? options_.folder->path() / run_files::kCheckpoint
                         : std::filesystem::path();
}

void TrainingLoop::begin() { measure_quality_if_due(); }

TrainingLoop::Ending TrainingLoop::run() {
  while (!budget_spent()) {
    if (stop_requested()) return Ending::StopRequested;
    StepRecord record = train_step();
    record_step(record);
    follow_governor(record);
    measure_quality_if_due();
    if (knn_ && record.step % trainer_.config().knn_every == 0) evaluate_knn();
    save_checkpoint_if_due(record);
    if (observer_.after_step(record)) return Ending::EndedByObserver;
  }
  return Ending::BudgetSpent;
}

// Data parallel: every rank asks every step, so all stop after the same step.
bool TrainingLoop::stop_requested() {
  const bool mine = !observer_.before_step();
  return options_.data_parallel ? options_.data_parallel->any_rank(mine) : mine;
}

StepRecord TrainingLoop::train_step() {
  try {
    return trainer_.step();
  } catch (const std::exception& error) {
    append_event(error_event_json(trainer_.steps_done() + 1, first_line(error)));
    throw;
  }
}

void TrainingLoop::record_step(StepRecord& record) {
  // The reported losses are the average over ranks.
  if (options_.data_parallel) options_.data_parallel->average_losses(record);
  RunFolder* const folder = options_.folder;
  for (const ParameterEvent& event : trainer_.take_events()) {
    if (folder) folder->append_change(event);
    observer_.parameter_changed(event);
  }
  if (auto diagnostics = trainer_.take_grad_similarity()) {
    if (folder) folder->append_grad_groups(*diagnostics);
    observer_.grad_similarity_measured(*diagnostics);
  }
  if (folder) folder->append_metrics(record);
  if (record.step == first_step_ + 1) outcome_.first_loss = record.loss;
  outcome_.last = record;
  outcome_.steps = record.step;
  observer_.step_recorded(record);
}

template <typename Evaluation>
bool TrainingLoop::evaluated(const char* what, Evaluation&& evaluation) {
  std::optional<CancelScope> cancel;
  if (!options_.data_parallel) cancel.emplace([this] { return observer_.measurement_cancelled(); });
  try {
    evaluation();
    return true;
  } catch (const MeasurementCancelled&) {
    spdlog::info("{} given up: the run is stopping", what);
    return true;  // not a failure: the monitor measures again if the run goes on
  } catch (const std::exception& error) {
    if (options_.data_parallel) throw;
    const std::string message =
        std::string(what) + " failed, no more this run: " + first_line(error);
    spdlog::warn("{}", message);
    append_event(error_event_json(trainer_.steps_done(), message));
    return false;
  }
}

void TrainingLoop::measure_quality_if_due() {
  if (!quality_) return;
  const bool measured = evaluated("quality measurement", [&] {
    const auto due = agree_across_ranks(options_.data_parallel, quality_->due(trainer_));
    if (due.any()) record_quality(quality_->measure(trainer_, due));
    if (due.reconstruction) keep_step_items(trainer_.steps_done());
  });
  if (!measured) quality_.reset();
}

void TrainingLoop::record_quality(const QualityRecord& record) {
  outcome_.quality.push_back(record);
  if (options_.folder) {  // rank 0 alone writes and logs
    options_.folder->append_quality(record);
    log_quality(record);
  }
  observer_.quality_measured(record);
}

// Scores student and teacher and records them. In a data-parallel run every rank
// evaluates, as for quality: a rank waiting in a collective while rank 0 evaluated alone
// would time out.
void TrainingLoop::evaluate_knn() {
  const bool measured = evaluated("kNN", [&] {
    const auto started = std::chrono::steady_clock::now();
    const KnnScore student = knn_->evaluate(trainer_.student());
    KnnScore teacher;
    if (trainer_.teacher()) teacher = knn_->evaluate(trainer_.teacher()->model());
    knn_step_ = trainer_.steps_done();
    outcome_.final_knn = trainer_.teacher() ? teacher.top1 : student.top1;
    if (!options_.folder) return;
    options_.folder->append_knn(knn_step_, student.top1, teacher.top1, student.collapse,
                                teacher.collapse);
    spdlog::info("step {}: kNN student {:.1f}% teacher {:.1f}% (collapse gauge {:.2f}) [{:.1f} s]",
                 knn_step_, 100 * student.top1, 100 * teacher.top1, student.collapse,
                 seconds_since(started));
  });
  if (!measured) knn_.reset();
}

// Once, at the end: a linear probe on the frozen teacher features (the student's in MAE
// mode) of the kNN bank, scored on the kNN queries.
void TrainingLoop::evaluate_probe() {
  const bool measured = evaluated("linear probe", [&] {
    const char* which = trainer_.teacher() ? "teacher" : "student";
    MaeVit& model = trainer_.teacher() ? trainer_.teacher()->model() : trainer_.student();
    outcome_.final_probe = probe_accuracy(model, knn_->data(), knn_->options().mean_pooling);
    probe_step_ = trainer_.steps_done();
    if (!options_.folder) return;
    options_.folder->append_probe(probe_step_, which, outcome_.final_probe);
    spdlog::info("step {}: linear probe on {} features {:.1f}%", probe_step_, which,
                 100 * outcome_.final_probe);
  });
  if (!measured) knn_.reset();
}

void TrainingLoop::measure_final() {
  const int64_t step = trainer_.steps_done();
  if (knn_ && knn_step_ != step) evaluate_knn();
  if (knn_ && probe_step_ != step) evaluate_probe();
  if (!quality_) return;
  const bool measured = evaluated("quality measurement", [&] {
    // Every rank of a data-parallel run gets here at the same step.
    if (auto record = quality_->measure_final(trainer_)) {
      record_quality(*record);
      keep_step_items(record->step);
    }
    outcome_.final_items = quality_->items();
    // Item by item next to the run's files: any two runs on this held-out set can be
    // compared pair by pair later (rcmae compare --paired, forks).
    if (options_.folder && !outcome_.final_items.empty())
      run::write_paired_items(options_.folder->path() / run_files::kPairedItems,
                              outcome_.final_items);
  });
  if (!measured) quality_.reset();
}

void TrainingLoop::keep_step_items(int64_t step) {
  if (!options_.keep_step_items || !options_.folder) return;
  std::vector<run::MetricItems> reconstruction;
  for (const run::MetricItems& items : quality_->items())
    if (items.metric.find("rec_nmse") != std::string::npos) reconstruction.push_back(items);
  run::write_step_items(options_.folder->path(), step, reconstruction);
}

void TrainingLoop::save_checkpoint_if_due(const StepRecord& record) {
  if (!options_.folder) return;
  const bool due_by_steps =
      options_.checkpoint_every > 0 && record.step % options_.checkpoint_every == 0;
  const bool due_by_time = options_.checkpoint_every_s > 0 &&
                           trainer_.train_time_s() - saved_train_time_s_ >=
                               checkpoint_interval_s(options_.checkpoint_every_s, last_save_s_);
  if (due_by_steps || due_by_time) save_checkpoint();
}

std::optional<std::string> TrainingLoop::save_checkpoint() {
  const int64_t step = trainer_.steps_done();
  if (!options_.folder || step == options_.saved_step) return std::nullopt;
  // A failed save also restarts the period: on a full disk, retrying after every step
  // would cost a serialisation per step and flood the log.
  saved_train_time_s_ = trainer_.train_time_s();
  const std::filesystem::path file = checkpoint_file();
  try {
    const auto started = std::chrono::steady_clock::now();
    rcmae::save_checkpoint(trainer_, file);
    last_save_s_ = seconds_since(started);
  } catch (const std::exception& error) {
    const std::string reason = first_line(error);
    spdlog::warn("checkpoint not saved: {}", reason);
    append_event(error_event_json(step, "checkpoint not saved: " + reason));
    observer_.checkpoint_failed(file, reason);
    return reason;
  }
  options_.saved_step = step;
  append_event(nlohmann::json{{"step", step}, {"type", "checkpoint"}}.dump());
  spdlog::info("checkpoint at step {} in {:.2f} s: {}", step, last_save_s_, file.string());
  return std::nullopt;
}

// The event log may be on the same broken disk as the checkpoint; losing an event must not
// turn a warning into a stopped run.
void TrainingLoop::append_event(const std::string& json_line) {
  if (!options_.folder) return;
  try {
    options_.folder->append_event(json_line);
  } catch (const std::exception& error) {
    spdlog::warn("{}: {}", run_files::kEvents, error.what());
  }
}

}  // namespace rcmae
