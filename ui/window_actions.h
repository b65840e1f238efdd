#pragma once
// The window's commands as QActions with icons and shortcuts, the toolbar that shows the
// training ones and the menu bar that shows them all: File, View, Run, Evaluate, Help. Each
// command is one QAction, so a menu item shows the very shortcut that triggers it.
#include <QList>
#include <QObject>

class QAction;
class QMainWindow;
class QToolBar;

namespace rcmae::ui {

struct WindowActions {
  // File: Ctrl+O open a runs folder, Ctrl+Shift+O watch a run folder, Ctrl+S save the
  // figure, Ctrl+E export a run report, Ctrl+Q quit.
  QAction* open_runs = nullptr;
  QAction* watch_run = nullptr;
  QAction* save_figure = nullptr;
  QAction* export_report = nullptr;
  QAction* quit = nullptr;
  // View (with one item per tab, made by the window): F follow live, Ctrl+D dark theme, F11
  // presentation.
  QAction* follow_live = nullptr;
  QAction* dark_theme = nullptr;
  QAction* presentation = nullptr;
  // Run: Space play/pause, S step, R reset, Ctrl+. stop, Ctrl+T teaching, Ctrl+Shift+S save
  // the window run's checkpoint now.
  QAction* play_pause = nullptr;
  QAction* step = nullptr;
  QAction* reset = nullptr;
  QAction* stop = nullptr;
  QAction* teaching = nullptr;
  QAction* save_checkpoint = nullptr;
  // Evaluate (with the Runs tab's Robustness… and Fine-tune…): Ctrl+M compare MAE vs RC-MAE,
  // Ctrl+Shift+T try a change of one setting on the window's run.
  QAction* compare = nullptr;
  QAction* try_change = nullptr;
  // Help: the user guide, ? the keyboard shortcuts, F1 about.
  QAction* user_guide = nullptr;
  QAction* keyboard_help = nullptr;
  QAction* about = nullptr;
  // F10 opens the menu bar: its titles have no Alt+letter, because the settings panel's
  // labels already use those letters (Alt+E: EMA momentum, Alt+F: feature pooling, ...).
  QAction* open_menus = nullptr;

  // Creates the actions (owned by `window`) and the toolbar.
  static WindowActions create(QMainWindow* window);
  // The menu bar, in this order: File, View, Run, Evaluate, Help. `tabs` go first in View
  // (one checkable action per tab), `evaluations` last in Evaluate (the Runs tab's
  // Robustness… and Fine-tune…, which evaluate the run selected there).
  void buildMenus(QMainWindow* window, const QList<QAction*>& tabs,
                  const QList<QAction*>& evaluations) const;
  // Play/pause shows what pressing it will do.
  void showPlaying(bool playing);
};

// Call once before using the window's icons and themes: rcmae_ui is a static library, so
// its compiled-in resources must be registered explicitly.
void init_resources();

}  // namespace rcmae::ui
