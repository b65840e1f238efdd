// rcmae sweep: a grid or random search over training settings, one run folder per point,
// restartable; and --report, the table and heat map of a sweep folder.
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/sweep/heat_map_render.h"
#include "rcmae/sweep/sweep_replicates.h"
#include "rcmae/sweep/sweep_report.h"
#include "rcmae/sweep/sweep_runner.h"

namespace rcmae::cli {
namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_interrupt_requested{false};

// The first Ctrl-C (or SIGTERM: the workbench's Stop, a shutdown) lets the point in progress
// checkpoint; a second one kills as usual.
void on_interrupt(int signal_number) {
  g_interrupt_requested = true;
  std::signal(signal_number, SIG_DFL);
}

// --grid may be given once per axis, so it is taken out before ArgList (which keeps one
// value per option) sees the rest.
std::vector<std::string> take_grid_options(std::vector<std::string>& argv) {
  std::vector<std::string> grids, rest;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--grid") {
      if (i + 1 >= argv.size()) throw UsageError("--grid: needs AXIS=V1,V2,...");
      grids.push_back(argv[++i]);
    } else if (argv[i].rfind("--grid=", 0) == 0) {
      grids.push_back(argv[i].substr(7));
    } else {
      rest.push_back(argv[i]);
    }
  }
  argv = rest;
  return grids;
}

// --repeats R: every point at R seeds (--seed, --seed + 1, ...), a seed axis like any other in
// sweep.json. Within a seed every point starts alike (common random numbers), so the report
// compares points pair by pair (sweep_replicates.h).
SweepAxis replicate_axis(const SweepSpec& spec, const ArgList& args) {
  const long long repeats = args.integer("--repeats", 1);
  if (repeats < 2 || repeats > 20)
    throw UsageError("--repeats: must be 2 to 20, got " + args.text("--repeats", ""));
  for (const auto& axis : spec.axes)
    if (axis.name == "seed")
      throw UsageError("--repeats: the sweep already has a seed axis (--grid seed=...)");
  if (spec.random_points > 0)
    throw UsageError("--repeats: not with --random (a drawn point would miss seeds)");
  const unsigned long long first = args.whole_number("--seed", 0);
  std::string values;
  for (long long r = 0; r < repeats; ++r)
    values +=
        (values.empty() ? "" : ",") + std::to_string(first + static_cast<unsigned long long>(r));
  return parse_sweep_axis("seed=" + values);
}

SweepSpec spec_from_args(const std::vector<std::string>& grids, const ArgList& args) {
  SweepSpec spec;
  for (const auto& grid : grids) {
    try {
      spec.axes.push_back(parse_sweep_axis(grid));
    } catch (const std::invalid_argument& error) {
      throw UsageError(std::string("--grid ") + error.what());
    }
  }
  spec.random_points = static_cast<int>(args.integer("--random", 0));
  const long long seed = args.integer("--random-seed", args.integer("--seed", 0));
  if (seed < 0) throw UsageError("--random-seed: must be >= 0");
  spec.random_seed = static_cast<uint64_t>(seed);
  if (args.has("--repeats")) spec.axes.push_back(replicate_axis(spec, args));
  return spec;
}

MedianStopRule early_stop_from_args(const ArgList& args) {
  MedianStopRule rule;
  rule.enabled = args.has("--early-stop");
  rule.warmup_fraction = args.number("--early-stop-warmup", rule.warmup_fraction);
  rule.eval_every = args.integer("--early-stop-every", rule.eval_every);
  rule.min_reference =
      static_cast<int>(args.integer("--early-stop-min-points", rule.min_reference));
  if (rule.warmup_fraction < 0 || rule.warmup_fraction > 1)
    throw UsageError("--early-stop-warmup: must be in [0, 1]");
  if (rule.eval_every < 0) throw UsageError("--early-stop-every: must be >= 0");
  if (rule.min_reference < 1) throw UsageError("--early-stop-min-points: must be >= 1");
  return rule;
}

// --metric: a named metric, or "auto" (default): what the points learned (the probe, else
// kNN, ...; default_sweep_metric), which needs the points' folders read first.
SweepMetric metric_from_args(const ArgList& args, const SweepReport& sweep_report) {
  const std::string name = args.text("--metric", "auto");
  if (name == "auto") return default_sweep_metric(sweep_report);
  const auto metric = sweep_metric_from_string(name);
  if (!metric)
    throw UsageError("--metric: unknown metric '" + name + "' (" + sweep_metric_names() + ")");
  return *metric;
}

// Prints the table and writes the heat map; the files' paths are printed too.
void report(const fs::path& folder, const ArgList& args) {
  const SweepReport sweep_report = load_sweep_report(folder);
  const SweepMetric metric = metric_from_args(args, sweep_report);
  std::printf("%s", format_sweep_table(sweep_report, metric).c_str());
  if (!args.has("--metric"))
    std::printf("%s (--metric to choose another)\n", default_metric_reason(sweep_report).c_str());
  HeatMapGrid grid =
      heat_map_grid(sweep_report, metric, args.text("--x", ""), args.text("--y", ""));
  if (has_replicates(sweep_report)) {
    const ReplicateTable replicates = replicate_table(sweep_report, metric, folder);
    std::printf("\n%s", format_replicate_table(replicates, metric).c_str());
    if (grid.x_axis != "seed" && grid.y_axis != "seed") mark_indistinguishable(grid, replicates);
  }
  const fs::path png = args.text("--png", (folder / "heatmap.png").string());
  const fs::path svg = args.text("--svg", (folder / "heatmap.svg").string());
  write_heat_map_png(grid, png);
  write_heat_map_svg(grid, svg);
  std::printf("heat map of %s over %s x %s: %s, %s\n", grid.metric.c_str(), grid.x_axis.c_str(),
              grid.y_axis.empty() ? "-" : grid.y_axis.c_str(), png.c_str(), svg.c_str());
}

int run_report(const std::vector<std::string>& argv) {
  ArgList args(argv, {});
  args.reject_unknown({"--report", "--metric", "--x", "--y", "--png", "--svg"});
  report(args.text("--report", ""), args);
  return 0;
}

SweepDefinition definition_from_args(const std::vector<std::string>& grids, const ArgList& args) {
  if (args.has("--resume")) {
    // The points must stay what they were: settings come from sweep.json alone.
    if (!grids.empty())
      throw UsageError("--resume continues a sweep as defined in its sweep.json; drop --grid");
    for (const auto& option : train_option_names())
      if (args.has(option))
        throw UsageError("--resume continues a sweep as defined in its sweep.json; drop " + option);
    return read_sweep_file(args.text("--resume", ""));
  }
  if (grids.empty())
    throw UsageError("give at least one --grid AXIS=V1,V2,... (or --report DIR, --resume DIR)");
  if (!args.has("--out")) throw UsageError("--out DIR: the sweep folder is required");
  try {
    return make_sweep_definition(spec_from_args(grids, args), train_config_from_args(args),
                                 early_stop_from_args(args));
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
}

}  // namespace

int run_sweep(const std::vector<std::string>& argv_in) {
  std::vector<std::string> argv = argv_in;
  const auto grids = take_grid_options(argv);
  for (const auto& arg : argv)
    if (arg == "--report" || arg.rfind("--report=", 0) == 0) return run_report(argv);
  ArgList args(argv, train_switches({"--quiet", "--early-stop"}));
  auto known = train_option_names();
  known.insert({"--out", "--resume", "--random", "--random-seed", "--early-stop",
                "--early-stop-warmup", "--early-stop-every", "--early-stop-min-points",
                "--checkpoint-every", "--max-points", "--quiet", "--repeats"});
  args.reject_unknown(known);
  const SweepDefinition sweep = definition_from_args(grids, args);
  SweepRunOptions options;
  options.out_dir = args.has("--resume") ? args.text("--resume", "") : args.text("--out", "");
  options.checkpoint_every = args.integer("--checkpoint-every", 0);
  options.max_points = static_cast<int>(args.integer("--max-points", 0));
  options.show_progress = !args.has("--quiet");
  options.interrupted = [] { return g_interrupt_requested.load(); };
  std::printf("sweep: %zu points of %lld steps -> %s\n", sweep.points.size(),
              static_cast<long long>(sweep.base.steps), options.out_dir.c_str());
  std::fflush(stdout);
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  const SweepRunResult result = rcmae::run_sweep(sweep, options);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::printf("sweep: %d finished, %d stopped early, %d already done, %d remaining\n",
              result.finished, result.stopped_early, result.skipped, result.remaining);
  if (result.remaining > 0)
    std::printf("continue with: rcmae sweep --resume %s\n", options.out_dir.c_str());
  ArgList report_args(std::vector<std::string>{}, {});
  report(options.out_dir, report_args);
  return result.interrupted ? 130 : 0;
}

}  // namespace rcmae::cli
