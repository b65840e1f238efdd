#pragma once
// Unattended measurements of the window's cost, printed as one JSON line each.
#include <QString>
#include <QVector>

#include "modes/command_line.h"

namespace rcmae::ui {

struct LatencyResult {
  int samples = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  int64_t steps = 0;
  double images_per_s = 0;
  qint64 frames = 0;
};

// Trains at full speed with the window shown for options.duration_s, cycling through the
// tabs so every view draws, and probes the GUI event loop every 10 ms with a posted event:
// the latency is how long that event waited before it ran.
LatencyResult measure_event_loop_latency(const WorkbenchOptions& options);
int run_latency_bench(const WorkbenchOptions& options);

struct OverheadResult {
  QVector<double> headless_images_per_s;
  QVector<double> window_images_per_s;
  double headless_mean = 0, window_mean = 0, ratio = 0;
  // The GUI thread's own CPU time while the window trained, as a share of one core: what
  // the window takes from training on a machine with no core to spare.
  double gui_thread_core_pct = 0;
};

// Alternates rounds of headless training and training with the full window (same config,
// same process), options.train_steps timed steps each after options.warmup_steps.
OverheadResult measure_window_overhead(const WorkbenchOptions& options);
int run_overhead_bench(const WorkbenchOptions& options);

double percentile(QVector<double> values, double p);

}  // namespace rcmae::ui
