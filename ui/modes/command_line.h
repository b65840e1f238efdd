#pragma once
// rcmae-workbench's command line: the interactive window by default, or one of the
// unattended modes (screenshot, latency benchmark, overhead benchmark).
#include <QSize>
#include <QString>
#include <QStringList>

#include "rcmae/train/train_config.h"

namespace rcmae::ui {

enum class WorkbenchMode { Window, Screenshot, BenchLatency, BenchOverhead, Help };

struct WorkbenchOptions {
  WorkbenchMode mode = WorkbenchMode::Window;
  QString screenshot_path;
  int train_steps = 30;      // steps trained before the screenshot / per benchmark round
  double after_seconds = 0;  // screenshot: > 0 = pause this many wall-clock seconds after
                             // Start instead (the lecture's clock; the recipe's steps stay)
  QSize size{1600, 1000};    // fixed window size of the unattended modes
  QString tab = "reconstructions";
  QString open_folder;  // screenshot: a run/sweep folder shown on the Runs or Sweeps tab
  QString theme = "light";
  bool presentation = false;
  bool paper_view = false;  // screenshot: Reconstructions in the labelled paper view
  QString side_by_side;     // screenshot: "split" or "difference" view (Reconstructions, Runs)
  int snapshot_every = 25;
  double duration_s = 20;  // latency benchmark length
  int rounds = 2;          // overhead benchmark: alternating headless/window rounds
  int warmup_steps = 5;
  TrainConfig config;
  QString error;  // non-empty: the arguments were wrong
};

WorkbenchOptions parse_workbench_args(const QStringList& args);
QString workbench_usage();

}  // namespace rcmae::ui
