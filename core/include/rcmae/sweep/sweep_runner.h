#pragma once
// Runs a sweep's points one after another, each as an ordinary run folder inside the sweep
// folder, with one progress bar (and ETA) for the whole sweep. Restartable: points whose
// marker says finished or stopped early are skipped, a point with a checkpoint and no marker
// resumes from that checkpoint, the rest start fresh.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "rcmae/sweep/sweep_file.h"

namespace rcmae {

struct SweepRunOptions {
  std::filesystem::path out_dir;
  int64_t checkpoint_every = 0;  // 0: max(1, steps / 10); what a restart loses at most
  bool show_progress = true;
  int max_points = 0;  // > 0: run (start or resume) at most this many points in this call
  // Polled after every step; true checkpoints the point in progress and ends the call
  // (Ctrl-C in `rcmae sweep`). A later call resumes.
  std::function<bool()> interrupted;
  // Test seam, called after every step of every point; an exception thrown from it ends the
  // call as a crash would (no final checkpoint, no marker).
  std::function<void(const std::string& point, int64_t step)> after_step;
};

struct SweepRunResult {
  int finished = 0;       // points that ran to the end in this call
  int stopped_early = 0;  // points the median rule stopped in this call
  int skipped = 0;        // points already done before this call
  int remaining = 0;      // points not done after this call
  bool interrupted = false;
};

// Writes sweep.json (or checks that the folder's sweep.json is the same sweep: else
// std::invalid_argument) and runs the points. Each event goes to sweep_log.jsonl:
// {"time", "point", "event": start|resume|skip|finished|stopped_early|interrupted, "step"}.
SweepRunResult run_sweep(const SweepDefinition& sweep, const SweepRunOptions& options);

const char* sweep_log_name();  // "sweep_log.jsonl"

}  // namespace rcmae
