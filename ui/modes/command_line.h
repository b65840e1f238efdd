#pragma once
// rcmae-workbench's command line: the interactive window by default, or one of the
// unattended modes (screenshot, latency benchmark, overhead benchmark).
#include <QSize>
#include <QString>
#include <QStringList>

#include "rcmae/train/train_config.h"

namespace rcmae::ui {

enum class WorkbenchMode { Window, Screenshot, BenchLatency, BenchOverhead, Help, Version };

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
  bool paper_view = false;      // screenshot: Reconstructions in the labelled paper view
  QString side_by_side;         // screenshot: "split" or "difference" view (Reconstructions, Runs)
  QString try_change;           // screenshot: "SETTING=V1,V2,..." tried after training (the dialog)
  double seconds_per_arm = 30;  // screenshot: --try-change's time per arm
  int snapshot_every = 25;
  double duration_s = 20;  // latency benchmark length
  int rounds = 2;          // overhead benchmark: alternating headless/window rounds
  int warmup_steps = 5;
  TrainConfig config;
  QString error;     // non-empty: the arguments were wrong
  QStringList args;  // as given: the window reads its training options again over its session
};

WorkbenchOptions parse_workbench_args(const QStringList& args);
QString workbench_usage();
// What --help (-h) or --version anywhere among `args` prints, else empty. Asked before the
// QApplication exists, which needs a display: the answer must work over ssh too.
QString help_or_version_text(const QStringList& args);

// The interactive window's start: the session it restored, with the training options of
// the command line over it (the user typed them for this launch, so they win).
struct WindowStart {
  TrainConfig config;
  QString note;   // "mask ratio 0.5, momentum 0.99 from the command line"; empty: none given
  QString error;  // the options do not fit the restored session, named as --help names them
};
WindowStart window_start(const WorkbenchOptions& options, const TrainConfig& restored);

}  // namespace rcmae::ui
