#include "rcmae/fork/fork_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "rcmae/io/checkpoint.h"
#include "rcmae/io/train_config_json.h"
#include "rcmae/run/csv_tail.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"
#include "rcmae/train/headless_run.h"
#include "rcmae/util/progress_bar.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

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

ForkResult run_fork(const ForkPlan& plan) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path checkpoint = plan.parent / run_files::kCheckpoint;
  if (!fs::exists(checkpoint))
    throw std::invalid_argument(plan.parent.string() + ": no " + run_files::kCheckpoint +
                                "; a fork starts from a saved state (rcmae train saves one at "
                                "its end, the window every minute)");
  const TrainConfig parent = read_checkpoint_config(checkpoint);
  ForkResult result;
  result.fork_step = read_checkpoint_step(checkpoint);
  result.steps = plan.steps;
  check_plan(plan, parent, result.fork_step);
  const int64_t total_steps = total_steps_for(parent, result.fork_step, plan.steps);

  fs::create_directories(plan.out);
  nlohmann::json plan_json = {{"parent", fs::absolute(plan.parent).lexically_normal().string()},
                              {"parent_step", result.fork_step},
                              {"steps", plan.steps},
                              {"total_steps", total_steps},
                              {"repeats", plan.repeats},
                              {"arms", nlohmann::json::array()}};
  for (const ForkArm& arm : plan.arms)
    plan_json["arms"].push_back(
        {{"name", arm.name}, {"settings", lineage(plan, arm, 0, 0, 0)["settings"]}});
  write_json_atomically(plan.out / run_files::kForkPlan, plan_json);

  const int runs = plan.repeats * int(plan.arms.size());
  int done = 0;
  std::vector<std::vector<std::vector<run::MetricItems>>> items(
      plan.arms.size(), std::vector<std::vector<run::MetricItems>>(size_t(plan.repeats)));
  std::vector<bool> complete(plan.arms.size(), true);
  for (int r = 0; r < plan.repeats; ++r) {
    const uint64_t seed = replicate_seed(parent.seed, r);
    for (size_t a = 0; a < plan.arms.size(); ++a) {
      const ForkArm& arm = plan.arms[a];
      const fs::path folder = arm_folder(plan, r, arm.name);
      const double elapsed = seconds_since(start);
      spdlog::info("fork: arm {} of {}: {} (replicate {} of {}), steps {} -> {}{}", done + 1, runs,
                   arm.name, r + 1, plan.repeats, result.fork_step, result.fork_step + plan.steps,
                   done > 0
                       ? ", fork done in about " + format_duration(elapsed / done * (runs - done))
                       : "");
      TrainConfig config = with_changes(parent, arm.changes);
      config.seed = seed;
      config.steps = total_steps;
      config.time_budget_s = 0;
      config.quality = true;  // the final measurement is what the arms are compared on
      if (plan.threads > 0) config.threads = plan.threads;
      HeadlessRunOptions options;
      options.out_dir = folder;
      options.show_progress = plan.show_progress;
      options.checkpoint_every_s = 0;  // the end state is saved; arms are not resumed
      options.resume_from = checkpoint;
      options.stop_at = result.fork_step + plan.steps;  // the schedule may run on past it
      options.resume_changes = arm.changes;
      options.fork = HeadlessRunOptions::ForkStart{
          total_steps, r > 0 ? std::optional<uint64_t>(seed) : std::nullopt,
          lineage(plan, arm, r, result.fork_step, seed).dump()};
      try {
        const HeadlessRunResult run = run_headless(config, options);
        if (run.final_items.empty())
          throw std::runtime_error("no held-out measurement at the end (" + config.dataset +
                                   " has no test split?)");
        items[a][size_t(r)] = run.final_items;  // the step loop wrote paired_items.csv too
      } catch (const std::exception& error) {
        result.failed.push_back(arm.name + " (replicate " + std::to_string(r + 1) +
                                "): " + error.what());
        spdlog::error("fork: arm {} failed: {}", arm.name, error.what());
        complete[a] = false;
        if (a == 0) throw;  // without the control there is nothing to compare against
      }
      ++done;
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
  comparison["failed"] = result.failed;
  comparison["wall_s"] = result.wall_s;
  write_json_atomically(plan.out / run_files::kComparison, comparison);
  return result;
}

}  // namespace rcmae
