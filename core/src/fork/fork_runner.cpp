#include "rcmae/fork/fork_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "rcmae/io/checkpoint.h"
#include "rcmae/io/train_config_json.h"
#include "rcmae/run/csv_tail.h"
#include "rcmae/run/fork_plan_file.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"
#include "rcmae/train/headless_run.h"
#include "rcmae/util/elapsed.h"
#include "rcmae/util/progress_bar.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

void write_json_atomically(const fs::path& file, const nlohmann::json& json) {
  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json.dump(2) << '\n';
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": cannot write (disk full?)");
  }
  fs::rename(temporary, file);
}

TrainConfig with_changes(TrainConfig config, const LiveChanges& changes) {
  if (changes.mask_ratio) config.mask_ratio = *changes.mask_ratio;
  if (changes.momentum) config.momentum = *changes.momentum;
  if (changes.gamma) config.gamma = *changes.gamma;
  if (changes.base_lr) config.base_lr = *changes.base_lr;
  if (changes.mask_strategy) config.mask_strategy = *changes.mask_strategy;
  return config;
}

// Everything that can be refused is refused here, before the first arm trains.
void check_plan(const ForkPlan& plan, const TrainConfig& parent, int64_t checkpoint_step) {
  if (plan.at >= 0 && plan.at != checkpoint_step)
    throw std::invalid_argument("--at " + std::to_string(plan.at) + ": " + plan.parent.string() +
                                " has its checkpoint at step " + std::to_string(checkpoint_step) +
                                " (a run keeps its newest); fork there with --at latest");
  if (plan.repeats < 1)
    throw std::invalid_argument("--repeats: must be at least 1, got " +
                                std::to_string(plan.repeats));
  if (plan.steps < 1) throw std::invalid_argument("--steps: must be at least 1");
  for (const ForkArm& arm : plan.arms) {
    if (!parent.has_teacher() && (arm.changes.momentum || arm.changes.gamma))
      throw std::invalid_argument("--arm " + arm.name + ": " + plan.parent.string() +
                                  " is an MAE run; momentum and gamma have no teacher to act on");
    if (auto problem = validate(with_changes(parent, arm.changes)))
      throw std::invalid_argument("--arm " + arm.name + ": " + problem->to_string());
  }
  if (fs::exists(plan.out / run_files::kForkPlan))
    throw std::invalid_argument(plan.out.string() + " already holds a fork; choose another --out");
}

// The schedules the arms follow: the parent's, when it has the steps left (the arms are then
// exactly the parent's continuation); otherwise stretched to end with the arms.
int64_t total_steps_for(const TrainConfig& parent, int64_t fork_step, int64_t steps) {
  return std::max(parent.time_budget_s > 0 ? 0 : parent.steps, fork_step + steps);
}

nlohmann::json lineage(const ForkPlan& plan, const ForkArm& arm, int replicate, int64_t step,
                       uint64_t seed) {
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [key, value] : arm.settings) settings[key] = value;
  return {{"parent", fs::absolute(plan.parent).lexically_normal().string()},
          {"parent_step", step},
          {"arm", arm.name},
          {"settings", settings},
          {"replicate", replicate + 1},
          {"replicates", plan.repeats},
          {"seed", seed},
          {"fork_dir", fs::absolute(plan.out).lexically_normal().string()}};
}

}  // namespace

int64_t steps_for_budget(const fs::path& parent, double seconds) {
  run::CsvTail metrics(parent / run_files::kMetrics);
  metrics.keep_only({"step_s"});
  metrics.poll();
  std::vector<double> times;
  for (double t : metrics.column("step_s"))
    if (t > 0) times.push_back(t);
  if (times.empty())
    throw std::invalid_argument("--time-budget: " + parent.string() +
                                " has no step times in metrics.csv; give --steps");
  // The last steps: the pace the parent had when it stopped (the first are slower).
  if (times.size() > 200) times.erase(times.begin(), times.end() - 200);
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  return std::max<int64_t>(1, int64_t(seconds / times[times.size() / 2] + 0.5));
}

ForkParallelism fork_parallelism(int jobs, int total_threads, int requested_processes) {
  ForkParallelism parallelism;
  const int threads = std::max(1, total_threads);
  const int wanted = requested_processes > 0 ? requested_processes : threads;
  parallelism.processes = std::max(1, std::min(jobs, wanted));
  parallelism.threads_each = std::max(1, threads / parallelism.processes);
  return parallelism;
}

int64_t live_measurement_stride(int64_t steps_per_arm) {
  const double wanted = double(steps_per_arm) / 10.0;
  for (int64_t decade = 1;; decade *= 10)
    for (int64_t tenths : {10, 20, 25, 50}) {  // 1, 2, 2.5, 5 x 10^k; 2.5 only from 25 on
      if (tenths * decade % 10 != 0) continue;
      const int64_t stride = tenths * decade / 10;
      if (double(stride) >= wanted) return stride;
    }
}

namespace {

struct ForkStartPoint {
  TrainConfig parent;
  int64_t fork_step = 0;
  int64_t total_steps = 0;
};

ForkStartPoint start_point(const ForkPlan& plan) {
  const fs::path checkpoint = plan.parent / run_files::kCheckpoint;
  if (!fs::exists(checkpoint))
    throw std::invalid_argument(plan.parent.string() + ": no " + run_files::kCheckpoint +
                                "; a fork starts from a saved state (rcmae train saves one at "
                                "its end, the window every minute)");
  ForkStartPoint point;
  point.parent = read_checkpoint_config(checkpoint);
  point.fork_step = read_checkpoint_step(checkpoint);
  point.total_steps = total_steps_for(point.parent, point.fork_step, plan.steps);
  return point;
}

void train_arm(const ForkPlan& plan, const ForkStartPoint& point, const ForkArmJob& job) {
  const ForkArm& arm = plan.arms.at(job.arm);
  const uint64_t seed = replicate_seed(point.parent.seed, job.replicate);
  TrainConfig config = with_changes(point.parent, arm.changes);
  config.seed = seed;
  config.steps = point.total_steps;
  config.time_budget_s = 0;
  config.quality = true;  // the final measurement is what the arms are compared on
  // The teacher-gradient probe (the window's runs take it every 10 steps) adds a second
  // backward pass to those steps and draws no random numbers: an arm has no use for it.
  config.grad_sim_every = 0;
  const int threads = job.threads > 0 ? job.threads : plan.threads;
  if (threads > 0) config.threads = threads;
  HeadlessRunOptions options;
  options.out_dir = arm_folder(plan, job.replicate, arm.name);
  options.show_progress = plan.show_progress;
  options.checkpoint_every_s = 0;  // the end state is saved; arms are not resumed
  options.resume_from = plan.parent / run_files::kCheckpoint;
  options.stop_at = point.fork_step + plan.steps;  // the schedule may run on past it
  options.resume_changes = arm.changes;
  // The held-out reconstruction up to ten times along the way, at the same steps in every
  // arm and kept item by item: the window draws each arm's difference from the control with
  // its interval while they train. kNN and probe only at the end (they cost 30x more).
  options.quality_reconstruction_every_steps = live_measurement_stride(plan.steps);
  options.fork = HeadlessRunOptions::ForkStart{
      point.total_steps, job.replicate > 0 ? std::optional<uint64_t>(seed) : std::nullopt,
      lineage(plan, arm, job.replicate, point.fork_step, seed).dump()};
  const HeadlessRunResult run = run_headless(config, options);
  if (run.final_items.empty())
    throw std::runtime_error("no held-out measurement at the end (" + config.dataset +
                             " has no test split?)");
}

// The default launcher: one arm at a time, in this process.
class InProcessArms : public ForkArmLauncher {
 public:
  InProcessArms(const ForkPlan& plan, const ForkStartPoint& point) : plan_(plan), point_(point) {}
  void start(const ForkArmJob& job) override { job_ = job; }
  std::pair<ForkArmJob, std::string> wait_one() override {
    try {
      train_arm(plan_, point_, job_);
      return {job_, ""};
    } catch (const std::exception& error) {
      return {job_, error.what()};
    }
  }

 private:
  const ForkPlan& plan_;
  const ForkStartPoint& point_;
  ForkArmJob job_;
};

nlohmann::json plan_json_of(const ForkPlan& plan, const ForkStartPoint& point,
                            ForkParallelism parallelism) {
  nlohmann::json json = {{"parent", fs::absolute(plan.parent).lexically_normal().string()},
                         {"parent_step", point.fork_step},
                         {"steps", plan.steps},
                         {"total_steps", point.total_steps},
                         {"repeats", plan.repeats},
                         {"processes", parallelism.processes},
                         {"threads_each", parallelism.threads_each},
                         {"arms", nlohmann::json::array()}};
  for (const ForkArm& arm : plan.arms)
    json["arms"].push_back(
        {{"name", arm.name}, {"settings", lineage(plan, arm, 0, 0, 0)["settings"]}});
  return json;
}

// Arms finish in rounds of `processes`: the time of a round so far, times the rounds left.
double time_left(double elapsed, size_t done, size_t jobs, int processes) {
  const auto rounds = [processes](size_t arms) {
    return (arms + size_t(processes) - 1) / size_t(processes);
  };
  return elapsed / double(rounds(done)) * double(rounds(jobs - done));
}

std::string arm_label(const ForkPlan& plan, const ForkArmJob& job) {
  std::string label = plan.arms[job.arm].name;
  if (plan.repeats > 1)
    label += " (replicate " + std::to_string(job.replicate + 1) + " of " +
             std::to_string(plan.repeats) + ")";
  return label;
}

}  // namespace

ForkPlan read_fork_plan(const fs::path& out) {
  run::ForkPlanFile file;
  try {
    file = run::read_fork_plan_file(out);
  } catch (const std::runtime_error& error) {
    throw std::invalid_argument(error.what());
  }
  ForkPlan plan;
  plan.out = out;
  plan.parent = file.parent;
  plan.steps = file.steps;
  plan.repeats = file.repeats;
  for (const run::ForkPlanFile::Arm& arm : file.arms) {
    std::string text = arm.name;  // back to the --arm form: the same checks as at the start
    std::string separator = ":";
    for (const auto& [key, value] : arm.settings) {
      text += separator + key + "=" + value;
      separator = ",";
    }
    plan.arms.push_back(parse_fork_arm(text));
  }
  return plan;
}

void train_fork_arm(const ForkPlan& plan, const ForkArmJob& job) {
  train_arm(plan, start_point(plan), job);
}

ForkResult run_fork(const ForkPlan& plan, ForkArmLauncher* launcher, ForkParallelism parallelism) {
  const auto start = std::chrono::steady_clock::now();
  const ForkStartPoint point = start_point(plan);
  ForkResult result;
  result.fork_step = point.fork_step;
  result.steps = plan.steps;
  check_plan(plan, point.parent, result.fork_step);
  InProcessArms in_process(plan, point);
  if (!launcher) {
    launcher = &in_process;
    parallelism = {1, plan.threads};
  }
  result.processes = std::max(1, parallelism.processes);
  result.threads_each = parallelism.threads_each;

  fs::create_directories(plan.out);
  const nlohmann::json plan_json = plan_json_of(plan, point, parallelism);
  write_json_atomically(plan.out / run_files::kForkPlan, plan_json);

  // Control first: it is what every other arm is compared with.
  std::vector<ForkArmJob> jobs;
  for (int r = 0; r < plan.repeats; ++r)
    for (size_t a = 0; a < plan.arms.size(); ++a) jobs.push_back({a, r, parallelism.threads_each});
  std::vector<std::vector<std::vector<run::MetricItems>>> items(
      plan.arms.size(), std::vector<std::vector<run::MetricItems>>(size_t(plan.repeats)));
  std::vector<bool> complete(plan.arms.size(), true);
  size_t next = 0, done = 0;
  int running = 0;
  while (done < jobs.size()) {
    while (running < result.processes && next < jobs.size()) {
      const ForkArmJob& job = jobs[next++];
      const double elapsed = seconds_since(start);
      spdlog::info(
          "fork: arm {} of {}: {}, steps {} -> {}{}", next, jobs.size(), arm_label(plan, job),
          result.fork_step, result.fork_step + plan.steps,
          done > 0 ? ", fork done in about " +
                         format_duration(time_left(elapsed, done, jobs.size(), result.processes))
                   : "");
      launcher->start(job);
      ++running;
    }
    auto [job, error] = launcher->wait_one();
    --running;
    ++done;
    const fs::path folder = arm_folder(plan, job.replicate, plan.arms[job.arm].name);
    if (error.empty()) {
      try {  // what the arm's final measurement wrote, exactly (17 digits)
        items[job.arm][size_t(job.replicate)] =
            run::read_paired_items(folder / run_files::kPairedItems);
      } catch (const std::exception& read_error) {
        error = read_error.what();
      }
    }
    if (!error.empty()) {
      result.failed.push_back(arm_label(plan, job) + ": " + error);
      spdlog::error("fork: arm {} failed: {}", arm_label(plan, job), error);
      complete[job.arm] = false;
      // Without the control there is nothing to compare against.
      if (job.arm == 0) throw std::runtime_error("the control arm failed: " + error);
    }
  }
  for (size_t a = 1; a < plan.arms.size(); ++a) {
    if (!complete[a]) continue;
    auto rows = compare_paired(items[0], items[a], plan.arms[a].name);
    result.rows.insert(result.rows.end(), rows.begin(), rows.end());
  }
  result.wall_s = seconds_since(start);
  nlohmann::json comparison = comparison_json(result.rows);
  comparison["parent"] = plan_json["parent"];
  comparison["parent_step"] = result.fork_step;
  comparison["steps"] = plan.steps;
  comparison["repeats"] = plan.repeats;
  comparison["processes"] = result.processes;
  comparison["threads_each"] = result.threads_each;
  comparison["failed"] = result.failed;
  comparison["wall_s"] = result.wall_s;
  write_json_atomically(plan.out / run_files::kComparison, comparison);
  return result;
}

}  // namespace rcmae
