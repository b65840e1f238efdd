#pragma once
// The window's commands as QActions with icons and shortcuts (Space play/pause, S step,
// R reset, Ctrl+. stop, F follow live, Ctrl+S save figure, Ctrl+T teaching, F11
// presentation, Ctrl+D dark theme, F1 about), and the toolbar that shows them.
#include <QObject>

class QAction;
class QMainWindow;
class QToolBar;

namespace rcmae::ui {

struct WindowActions {
  QAction* play_pause = nullptr;
  QAction* step = nullptr;
  QAction* reset = nullptr;
  QAction* stop = nullptr;
  QAction* follow_live = nullptr;
  QAction* save_figure = nullptr;
  QAction* teaching = nullptr;
  QAction* presentation = nullptr;
  QAction* dark_theme = nullptr;
  QAction* about = nullptr;
  // Runs menu (Ctrl+O open a runs folder, Ctrl+Shift+O watch a run folder, Ctrl+M compare
  // MAE vs RC-MAE, Ctrl+Shift+T try a change of one setting on the window's run, Ctrl+Shift+S
  // save the window run's checkpoint now, Ctrl+E export a run report).
  QAction* open_runs = nullptr;
  QAction* watch_run = nullptr;
  QAction* compare = nullptr;
  QAction* try_change = nullptr;
  QAction* save_checkpoint = nullptr;
  QAction* export_report = nullptr;

  // Creates the actions (owned by `window`), a toolbar with them and the Runs menu.
  static WindowActions create(QMainWindow* window);
  // Play/pause shows what pressing it will do.
  void showPlaying(bool playing);
};

// Call once before using the window's icons and themes: rcmae_ui is a static library, so
// its compiled-in resources must be registered explicitly.
void init_resources();

}  // namespace rcmae::ui
