// rcmae fork RUN_DIR --arm NAME:SETTING=VALUE ... (--steps N | --time-budget S) --out DIR:
// one saved state continued as several arms on common random numbers, compared with paired
// statistics (rcmae/fork/fork_runner.h).
#include <cstdio>

#include "commands.h"
#include "fork_arm_processes.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/fork/fork_runner.h"
#include "rcmae/run/run_files.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/util/progress_bar.h"

namespace rcmae::cli {
namespace {

// --arm may be given many times, and ArgList keeps one value per option: the arms and the
// run folder (the one positional argument) are taken out first.
struct SplitArguments {
  std::vector<std::string> options;
  std::vector<std::string> arms;
  std::vector<std::string> positional;
};

SplitArguments split_arguments(const std::vector<std::string>& argv) {
  SplitArguments split;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--arm") {
      if (i + 1 >= argv.size()) throw UsageError("--arm: needs NAME[:SETTING=VALUE,...]");
      split.arms.push_back(argv[++i]);
    } else if (arg.rfind("--arm=", 0) == 0) {
      split.arms.push_back(arg.substr(6));
    } else if (arg.rfind("--", 0) == 0) {
      split.options.push_back(arg);
      const bool is_switch = arg == "--quiet" || arg.find('=') != std::string::npos;
      if (!is_switch && i + 1 < argv.size()) split.options.push_back(argv[++i]);
    } else {
      split.positional.push_back(arg);
    }
  }
  return split;
}

ForkPlan plan_from(const SplitArguments& split) {
  if (split.positional.size() != 1)
    throw UsageError("fork: give exactly one run folder to fork (got " +
                     std::to_string(split.positional.size()) + ")");
  ArgList args(split.options, {"--quiet"});
  args.reject_unknown({"--at", "--steps", "--time-budget", "--repeats", "--out", "--threads",
                       "--parallel", "--quiet"});
  if (split.arms.empty())
    throw UsageError("--arm: give at least one arm, e.g. --arm m999:momentum=0.999");
  if (args.has("--steps") == args.has("--time-budget"))
    throw UsageError("fork: give either --steps N or --time-budget S (per arm)");
  if (!args.has("--out")) throw UsageError("--out: give the folder the arms are written to");
  ForkPlan plan;
  plan.parent = split.positional[0];
  const std::string at = args.text("--at", "latest");
  plan.at = at == "latest" ? -1 : args.integer("--at", -1);
  if (at != "latest" && plan.at < 0) throw UsageError("--at: a step or 'latest', got " + at);
  std::vector<ForkArm> arms;
  for (const std::string& text : split.arms) arms.push_back(parse_fork_arm(text));
  plan.arms = arms_with_control(arms);
  if (plan.arms.size() < 2)
    throw UsageError("--arm: give an arm besides control (the parent's settings run anyway)");
  plan.repeats = int(args.integer("--repeats", 1));
  if (plan.repeats < 1 || plan.repeats > 100)
    throw UsageError("--repeats: must be 1 to 100, got " + args.text("--repeats", ""));
  if (args.has("--steps")) {
    plan.steps = args.integer("--steps", 0);
    if (plan.steps < 1) throw UsageError("--steps: must be at least 1");
  } else {
    plan.time_budget_s = args.number("--time-budget", 0);
    if (!(plan.time_budget_s > 0)) throw UsageError("--time-budget: must be > 0 seconds");
    plan.steps = steps_for_budget(plan.parent, plan.time_budget_s);
  }
  plan.out = args.text("--out", "");
  plan.threads = int(args.integer("--threads", 0));
  if (plan.threads < 0) throw UsageError("--threads: must be >= 0");
  plan.show_progress = !args.has("--quiet");
  return plan;
}

// --parallel P: arms trained at once (0 or absent: one per thread, see fork_parallelism).
int parallel_from(const SplitArguments& split) {
  ArgList args(split.options, {"--quiet"});
  const int64_t parallel = args.integer("--parallel", 0);
  if (parallel < 0 || parallel > 64)
    throw UsageError("--parallel: must be 0 (one arm per thread) to 64, got " +
                     args.text("--parallel", ""));
  return int(parallel);
}

}  // namespace

int run_fork_command(const std::vector<std::string>& argv) {
  const SplitArguments split = split_arguments(argv);
  const ForkPlan plan = plan_from(split);
  const int threads = plan.threads > 0 ? plan.threads : physical_core_count();
  const ForkParallelism parallelism =
      fork_parallelism(plan.repeats * int(plan.arms.size()), threads, parallel_from(split));
  ForkArmProcesses processes(plan);
  const ForkResult result =
      parallelism.processes > 1 ? run_fork(plan, &processes, parallelism) : run_fork(plan);
  std::printf(
      "fork of %s at step %lld: %zu arms x %d replicate(s), %lld steps each, %d at once, %s\n\n",
      plan.parent.c_str(), static_cast<long long>(result.fork_step), plan.arms.size(), plan.repeats,
      static_cast<long long>(result.steps), result.processes,
      format_duration(result.wall_s).c_str());
  std::printf("%s\n", format_comparison_rows(result.rows).c_str());
  for (const ComparisonRow& row : result.rows)
    std::printf("%s: %s\n", row.arm.c_str(), describe_row(row).c_str());
  for (const std::string& failure : result.failed) std::printf("failed: %s\n", failure.c_str());
  std::printf(
      "\ndiff = arm - control (accuracies in points); 95%% CI: %s; verdict 'can't tell' when "
      "the interval holds 0.\nwritten: %s\n",
      plan.repeats > 1 ? "over replicates and held-out items"
                       : "paired bootstrap over held-out items (one replicate: training noise "
                         "is not in it; use --repeats 3)",
      (plan.out / run_files::kComparison).c_str());
  return result.failed.empty() ? 0 : 1;
}

}  // namespace rcmae::cli
