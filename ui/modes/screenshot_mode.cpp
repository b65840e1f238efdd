#include "modes/screenshot_mode.h"

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTabWidget>
#include <QTemporaryDir>
#include <cstdio>

#include "controls/control_panel.h"
#include "live_feed.h"
#include "main_window.h"
#include "modes/event_wait.h"
#include "modes/try_change_mode.h"
#include "rcmae/run/run_files.h"
#include "rcmae/session/training_session.h"
#include "runs/runs_browser.h"
#include "runs/runs_side_by_side.h"
#include "sweep/sweep_tab.h"
#include "views/curves_panel.h"
#include "views/gradients_tab.h"
#include "views/history_scrubber.h"
#include "views/quality_tab.h"
#include "views/reconstruction_view.h"
#include "views/reconstructions_tab.h"
#include "views/split_compare_view.h"

namespace rcmae::ui {
namespace {

// An unknown name shows the first tab, Reconstructions.
QWidget* tab_from_name(const MainWindow& window, const QString& name) {
  QWidget* tab = window.tabNamed(name);
  return tab ? tab : window.reconstructions();
}

// --open: a sweep folder goes to the Sweeps tab; otherwise the folder (one run, or a folder
// of runs) is listed on the Runs tab with its runs ticked, so the overlay shows them.
void open_folder(MainWindow& window, const QString& folder) {
  if (QFileInfo::exists(QDir(folder).filePath("sweep.json"))) {
    window.sweeps()->openSweep(folder);
    return;
  }
  const bool single_run = QFileInfo::exists(QDir(folder).filePath(run_files::kMetrics));
  window.runs()->addRoot(single_run ? QFileInfo(folder).absolutePath() : folder);
  window.runs()->pollNow();
  const QStringList runs =
      single_run ? QStringList{folder}
                 : QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
  for (const QString& run : runs)
    window.runs()->setRunChecked(single_run ? run : QDir(folder).filePath(run), true);
}

// --side-by-side: student | teacher on the Reconstructions tab, run A vs B on the Runs tab.
void show_side_by_side(MainWindow& window, const QString& view) {
  if (view.isEmpty()) return;
  const bool difference = view == "difference";
  window.reconstructions()->setView(difference ? ReconstructionsTab::View::Difference
                                               : ReconstructionsTab::View::Split);
  window.runs()->showSideBySide();
  window.runs()->sideBySide()->setMode(difference ? SplitCompareView::Mode::Difference
                                                  : SplitCompareView::Mode::Split);
}

}  // namespace

QImage render_workbench(const WorkbenchOptions& options, QString* error) {
  MainWindow window(nullptr);  // no settings: a screenshot neither restores nor saves state
  // Try a change forks the run's folder: a screenshot's run then gets one, thrown away after.
  QTemporaryDir runs;
  if (!options.try_change.isEmpty()) window.setRunsRoot(runs.path());
  window.resize(options.size);
  window.controls()->setConfig(options.config);
  window.controls()->setSnapshotEverySteps(options.snapshot_every);
  window.setPresentationMode(options.presentation);
  window.setTheme(theme_from_string(options.theme));
  window.show();
  window.reconstructions()->paperViewToggle()->setChecked(options.paper_view);
  window.tabs()->setCurrentWidget(tab_from_name(window, options.tab));
  if (!options.open_folder.isEmpty()) open_folder(window, options.open_folder);
  show_side_by_side(window, options.side_by_side);
  QElapsedTimer since_start;
  since_start.start();
  window.startTraining();

  using session::SessionState;
  auto* session = window.session();
  const bool by_clock = options.after_seconds > 0;
  const int64_t target = by_clock ? options.config.steps
                                  : std::min<int64_t>(options.train_steps, options.config.steps);
  auto trained = [&] {
    if (by_clock) return since_start.elapsed() >= qint64(options.after_seconds * 1000);
    const auto& history = window.feed()->history();
    return !history.empty() && history.last().step >= target;
  };
  // The worker pauses itself at the step budget; past it, we pause from here.
  const bool ok = wait_until(
      [&] {
        if (session->state() == SessionState::Failed || !window.lastError().isEmpty()) return true;
        // A time budget ends the run before the step count does.
        if (session->state() == SessionState::Finished) return true;
        if (trained()) session->pause();
        return trained() && session->state() != SessionState::Running;
      },
      30 * 60 * 1000);
  if (!ok && error) *error = "timed out waiting for training";
  if (!window.lastError().isEmpty() && error) *error = window.lastError();
  // Ask for a snapshot of the final weights and let the 40 ms frame timer draw everything.
  session->requestSnapshot();
  wait_until(
      [&] {
        const auto& h = window.reconstructions()->scrubber()->history();
        const auto& records = window.feed()->history();
        const int64_t last = records.empty() ? 0 : records.last().step;
        return !session->hasRun() || (h.size() > 0 && h.stepAt(h.size() - 1) >= last);
      },
      20000);
  // The Quality tab's picture should show the run's last measurement, which the worker takes
  // when the step budget is spent (the kNN and probe included: seconds to minutes). A run
  // paused before that (--after-seconds, fewer --train-steps) gets no such measurement: the
  // picture shows what it measured so far.
  const bool budget_spent =
      by_clock ? session->state() == SessionState::Finished : target >= options.config.steps;
  if (options.tab == "quality" && options.config.quality && budget_spent) {
    const auto& records = window.feed()->history();
    const int64_t last_step = records.empty() ? target : records.last().step;
    wait_until(
        [&] {
          const auto& quality = window.feed()->history().quality();
          return !session->hasRun() || (!quality.isEmpty() && quality.back().step >= last_step &&
                                        quality.back().has_representation());
        },
        10 * 60 * 1000);
  }
  if (!options.try_change.isEmpty() && session->hasRun()) {
    QImage dialog = run_try_change(window, options, error);
    session->stop();
    return dialog;
  }
  spin_events(300);
  window.curves()->refresh();
  window.quality()->refresh();
  window.gradients()->refresh();
  spin_events(100);
  QImage image = window.grab().toImage();
  session->stop();
  return image;
}

int run_screenshot_mode(const WorkbenchOptions& options) {
  QString error;
  const QImage image = render_workbench(options, &error);
  if (image.isNull() || !image.save(options.screenshot_path)) {
    std::fprintf(stderr, "rcmae-workbench: cannot write %s\n", qPrintable(options.screenshot_path));
    return 1;
  }
  std::printf("wrote %s (%dx%d)\n", qPrintable(options.screenshot_path), image.width(),
              image.height());
  if (!error.isEmpty()) {
    std::fprintf(stderr, "rcmae-workbench: training failed: %s\n", qPrintable(error));
    return 2;
  }
  return 0;
}

}  // namespace rcmae::ui
