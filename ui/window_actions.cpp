#include "window_actions.h"

#include <QAction>
#include <QIcon>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

// Q_INIT_RESOURCE must be used outside any namespace.
static void init_workbench_resources() { Q_INIT_RESOURCE(workbench); }

namespace rcmae::ui {

void init_resources() { init_workbench_resources(); }

namespace {

QAction* make_action(QMainWindow* window, const QString& icon, const QString& text,
                     const QKeySequence& key, const QString& tip) {
  auto* action =
      new QAction(icon.isEmpty() ? QIcon() : QIcon(":/icons/" + icon + ".svg"), text, window);
  action->setShortcut(key);
  action->setToolTip(
      key.isEmpty() ? tip : QString("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
  // Shortcuts work wherever focus is in the window, even when the toolbar is hidden.
  action->setShortcutContext(Qt::WindowShortcut);
  window->addAction(action);
  return action;
}

}  // namespace

WindowActions WindowActions::create(QMainWindow* window) {
  WindowActions a;
  a.play_pause = make_action(window, "play", "Start", Qt::Key_Space, "Start or pause training");
  a.step = make_action(window, "step", "Step", Qt::Key_S,
                       "Take exactly one training step (while paused)");
  a.reset = make_action(window, "reset", "Reset", Qt::Key_R,
                        "Start again from step 0 with the current settings");
  a.stop = make_action(window, "stop", "Stop", QKeySequence(Qt::CTRL | Qt::Key_Period),
                       "Stop the run and release the model");
  a.follow_live = make_action(window, "", "Follow live", Qt::Key_F,
                              "Keep the newest data in view on all plots");
  a.save_figure = make_action(window, "save", "Save figure", QKeySequence::Save,
                              "Save the current plot as PNG, SVG or PDF");
  a.teaching = make_action(
      window, "teach", "Teaching mode", QKeySequence(Qt::CTRL | Qt::Key_T),
      "One click: small RC-MAE on Fashion-MNIST that shows visible reconstructions in ~2 minutes");
  a.presentation = make_action(window, "present", "Presentation", Qt::Key_F11,
                               "The lecture-hall stage: large reconstructions, loss and live "
                               "controls only (Esc or F11: back)");
  a.presentation->setCheckable(true);
  a.dark_theme = make_action(window, "theme", "Dark", QKeySequence(Qt::CTRL | Qt::Key_D),
                             "Switch between the light and dark theme");
  a.dark_theme->setCheckable(true);
  a.about = make_action(window, "about", "About", QKeySequence::HelpContents,
                        "Version, and the RC-MAE paper this workbench implements");

  a.open_runs = make_action(window, "", "Open runs folder…", QKeySequence::Open,
                            "List the runs in another folder too (a sweep, a shared disk)");
  a.watch_run =
      make_action(window, "", "Watch run folder…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                  "Follow a run folder that another process is writing; its curves update live");
  a.compare = make_action(window, "", "Compare MAE vs RC-MAE", QKeySequence(Qt::CTRL | Qt::Key_M),
                          "Train the current settings twice, without and with the EMA teacher "
                          "(same data, seed and steps), and overlay the two runs");
  a.compare->setIconText("MAE vs RC-MAE");  // the toolbar's shorter label; menus keep the full one
  // Ctrl+Shift+T: Ctrl+T is teaching mode; nothing else in the window uses it.
  a.try_change =
      make_action(window, "", "Try a change…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                  "Is another value of one setting better? Continue the window's run from its "
                  "current step as a control and one arm per value, on the same random numbers, "
                  "and compare them");
  // Ctrl+Shift+S: next to Ctrl+S (save figure); nothing else in the window uses it.
  a.save_checkpoint =
      make_action(window, "", "Save checkpoint now", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                  "Write the run's checkpoint.ckpt at the current step (also saved every 5 "
                  "minutes of training, at the end and when stopped)");
  a.export_report =
      make_action(window, "", "Export run report…", QKeySequence(Qt::CTRL | Qt::Key_E),
                  "One-page PDF of a run: configuration, curves, reconstructions, kNN, robustness");
  QMenu* runs_menu = window->menuBar()->addMenu("R&uns");
  runs_menu->addAction(a.open_runs);
  runs_menu->addAction(a.watch_run);
  runs_menu->addSeparator();
  runs_menu->addAction(a.compare);
  runs_menu->addAction(a.try_change);
  runs_menu->addSeparator();
  runs_menu->addAction(a.save_checkpoint);
  runs_menu->addAction(a.export_report);

  auto* bar = new QToolBar("Training", window);
  bar->setObjectName("mainToolbar");
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->setIconSize(QSize(18, 18));
  bar->addAction(a.play_pause);
  bar->addAction(a.step);
  bar->addAction(a.reset);
  bar->addAction(a.stop);
  bar->addSeparator();
  bar->addAction(a.teaching);
  bar->addAction(a.compare);
  bar->addSeparator();
  bar->addAction(a.save_figure);
  auto* spacer = new QWidget(bar);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  bar->addWidget(spacer);
  bar->addAction(a.presentation);
  bar->addAction(a.dark_theme);
  bar->addAction(a.about);
  window->addToolBar(Qt::TopToolBarArea, bar);
  return a;
}

void WindowActions::showPlaying(bool playing) {
  play_pause->setIcon(QIcon(playing ? ":/icons/pause.svg" : ":/icons/play.svg"));
  play_pause->setText(playing ? "Pause" : "Start");
}

}  // namespace rcmae::ui
