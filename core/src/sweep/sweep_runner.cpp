#include "rcmae/sweep/sweep_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "rcmae/io/checkpoint.h"
#include "rcmae/run/run_files.h"
#include "rcmae/sweep/loss_curve.h"
#include "rcmae/sweep/point_status.h"
#include "rcmae/train/headless_run.h"
#include "rcmae/util/progress_bar.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

// The median rule compares reconstruction losses (see median_stop_rule.h).
const char* const kRuleColumn = "loss_rec";

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

void log_event(const fs::path& sweep_folder, const std::string& point, const std::string& event,
               int64_t step) {
  std::ofstream out(sweep_folder / sweep_log_name(), std::ios::app);
  out << nlohmann::json{{"time", utc_now()}, {"point", point}, {"event", event}, {"step", step}}
             .dump()
      << '\n';
}

// A new folder gets sweep.json; an existing one must hold the same sweep, so a restart with
// other settings cannot mix two sweeps' points in one folder.
void prepare_folder(const SweepDefinition& sweep, const fs::path& folder) {
  if (fs::exists(folder / sweep_file_name())) {
    if (!same_sweep(read_sweep_file(folder), sweep))
      throw std::invalid_argument(folder.string() +
                                  " holds a different sweep (see its sweep.json): choose another "
                                  "--out, or continue it with --resume " +
                                  folder.string());
    return;
  }
  write_sweep_file(folder, sweep);
}

// The curves of the points already done: the median rule's references.
std::vector<LossCurve> reference_curves(const SweepDefinition& sweep, const fs::path& folder) {
  std::vector<LossCurve> curves;
  for (const auto& point : sweep.points)
    if (read_point_status(folder / point.name).done())
      curves.push_back(read_loss_curve(folder / point.name / run_files::kMetrics, kRuleColumn));
  return curves;
}

// The whole sweep's progress: steps still to run in this call, across points.
class SweepProgress {
 public:
  SweepProgress(int64_t total_steps, bool show)
      : bar_(total_steps), total_(total_steps), show_(show) {}
  void advance(int64_t steps, const std::string& detail) {
    done_ = std::min(total_, done_ + steps);
    if (show_) bar_.update(done_, detail);
  }
  void finish() {
    if (show_) bar_.finish();
  }

 private:
  ProgressBar bar_;
  int64_t total_;
  int64_t done_ = 0;
  bool show_;
};

enum class PointOutcome { Finished, StoppedEarly, Interrupted };

struct PointResult {
  PointOutcome outcome = PointOutcome::Finished;
  int64_t last_step = 0;  // the last step the point has reached
};

struct PointJob {
  const SweepDefinition& sweep;
  const SweepPoint& point;
  fs::path folder;
  int64_t checkpoint_every;
  std::string label;  // "point 3/9 mask0.75_mom0.996"
};

PointResult run_point(const PointJob& job, const SweepRunOptions& options,
                      const std::vector<LossCurve>& references, SweepProgress& progress) {
  const TrainConfig config = config_for_point(job.sweep.base, job.point);
  const fs::path checkpoint = job.folder / run_files::kCheckpoint;
  const PointStatus before = read_point_status(job.folder);
  HeadlessRunOptions run;
  run.out_dir = job.folder;
  run.show_progress = false;
  run.checkpoint_every = job.checkpoint_every;
  LossCurve curve;
  if (before.state == PointState::InProgress) {
    run.resume_from = checkpoint;
    curve = read_loss_curve(job.folder / run_files::kMetrics,
                            kRuleColumn);  // the window may reach back
  }
  log_event(options.out_dir, job.point.name, run.resume_from.empty() ? "start" : "resume",
            before.steps_done);
  spdlog::info("{}: {}", job.label, run.resume_from.empty() ? "start" : "resume from checkpoint");

  bool interrupted = false;
  StopDecision stop;
  PointResult result;
  result.last_step = before.steps_done;
  run.after_step = [&](const StepRecord& record) {
    result.last_step = record.step;
    if (curve.size() < size_t(record.step)) curve.resize(size_t(record.step), std::nan(""));
    curve[size_t(record.step - 1)] = record.loss_rec;
    if (options.after_step) options.after_step(job.point.name, record.step);
    char detail[160];
    std::snprintf(detail, sizeof detail, "%s loss %.4f", job.label.c_str(), record.loss);
    progress.advance(1, detail);
    if (options.interrupted && options.interrupted()) return interrupted = true;
    stop = decide_median_stop(job.sweep.early_stop, config.steps, record.step, curve, references);
    return stop.stop;
  };
  try {
    run_headless(config, run);
  } catch (const CheckpointError& error) {
    // An unusable checkpoint costs the point's progress, not the sweep.
    spdlog::warn("{}: {}; starting the point again", job.label, error.what());
    run.resume_from.clear();
    curve.clear();
    run_headless(config, run);
  }
  if (interrupted) {
    result.outcome = PointOutcome::Interrupted;
    return result;
  }

  PointStatus status;
  // A resumed point that had nothing left to run reports the steps its metrics hold.
  status.steps_done =
      std::max(result.last_step, int64_t(read_loss_curve(job.folder / run_files::kMetrics).size()));
  if (stop.stop) {
    status.state = PointState::StoppedEarly;
    status.smoothed_loss = stop.smoothed;
    status.median_loss = stop.median;
    progress.advance(config.steps - status.steps_done, job.label + " stopped early");
  } else {
    status.state = PointState::Finished;
  }
  write_point_status(job.folder, status);
  result.outcome = stop.stop ? PointOutcome::StoppedEarly : PointOutcome::Finished;
  return result;
}

}  // namespace

const char* sweep_log_name() { return "sweep_log.jsonl"; }

SweepRunResult run_sweep(const SweepDefinition& sweep, const SweepRunOptions& options) {
  prepare_folder(sweep, options.out_dir);
  const int64_t steps = sweep.base.steps;
  SweepRunResult result;
  std::vector<size_t> to_run;
  int64_t steps_to_run = 0;
  for (size_t i = 0; i < sweep.points.size(); ++i) {
    const PointStatus status = read_point_status(options.out_dir / sweep.points[i].name);
    if (status.done()) {
      ++result.skipped;
      log_event(options.out_dir, sweep.points[i].name, "skip", status.steps_done);
      continue;
    }
    if (options.max_points > 0 && int(to_run.size()) >= options.max_points) continue;
    to_run.push_back(i);
    steps_to_run += std::max<int64_t>(0, steps - status.steps_done);
  }
  if (result.skipped > 0)
    spdlog::info("sweep {}: {} of {} points already done, skipped", options.out_dir.string(),
                 result.skipped, sweep.points.size());

  SweepProgress progress(steps_to_run, options.show_progress);
  const int64_t checkpoint_every =
      options.checkpoint_every > 0 ? options.checkpoint_every : std::max<int64_t>(1, steps / 10);
  for (size_t n = 0; n < to_run.size(); ++n) {
    const SweepPoint& point = sweep.points[to_run[n]];
    const PointJob job{sweep, point, options.out_dir / point.name, checkpoint_every,
                       "point " + std::to_string(to_run[n] + 1) + "/" +
                           std::to_string(sweep.points.size()) + " " + point.name};
    const PointResult point_result =
        run_point(job, options, reference_curves(sweep, options.out_dir), progress);
    const PointOutcome outcome = point_result.outcome;
    if (outcome == PointOutcome::Interrupted) {
      log_event(options.out_dir, point.name, "interrupted", point_result.last_step);
      result.interrupted = true;
      break;
    }
    const bool stopped = outcome == PointOutcome::StoppedEarly;
    (stopped ? result.stopped_early : result.finished)++;
    log_event(options.out_dir, point.name, stopped ? "stopped_early" : "finished",
              read_point_status(job.folder).steps_done);
  }
  progress.finish();
  result.remaining =
      int(sweep.points.size()) - result.skipped - result.finished - result.stopped_early;
  return result;
}

}  // namespace rcmae
