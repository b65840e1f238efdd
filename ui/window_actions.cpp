#include "window_actions.h"

#include <QAction>
#include <QIcon>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

#include "checkpoint_interval.h"

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

// The training commands, teaching and compare, save figure; presentation, theme and about at
// the right end.
QToolBar* make_toolbar(QMainWindow* window, const WindowActions& a) {
  auto* bar = new QToolBar("Training", window);
  bar->setObjectName("mainToolbar");
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->setIconSize(QSize(18, 18));
  bar->addActions({a.play_pause, a.step, a.reset, a.stop});
  bar->addSeparator();
  bar->addActions({a.teaching, a.compare});
  bar->addSeparator();
  bar->addAction(a.save_figure);
  auto* spacer = new QWidget(bar);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  bar->addWidget(spacer);
  bar->addActions({a.presentation, a.dark_theme, a.about});
  return bar;
}

// No Alt+letter in the title: the settings panel's labels own those (see open_menus).
QMenu* add_menu(QMenuBar* bar, const QString& title) {
  QMenu* menu = bar->addMenu(title);
  menu->setToolTipsVisible(true);  // the longer explanations, as on the toolbar
  return menu;
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
  a.save_figure = make_action(window, "save", "Save figure…", QKeySequence::Save,
                              "Save the current plot as PNG, SVG or PDF");
  a.save_figure->setIconText("Save figure");  // the toolbar's label; menus keep the "…"
  a.teaching = make_action(
      window, "teach", "Teaching mode", QKeySequence(Qt::CTRL | Qt::Key_T),
      "One click: small RC-MAE on Fashion-MNIST that shows visible reconstructions in ~2 minutes");
  a.presentation = make_action(window, "present", "Presentation mode", Qt::Key_F11,
                               "The lecture-hall stage: large reconstructions, loss and live "
                               "controls only (Esc or F11: back)");
  a.presentation->setIconText("Presentation");
  a.presentation->setCheckable(true);
  a.dark_theme = make_action(window, "theme", "Dark theme", QKeySequence(Qt::CTRL | Qt::Key_D),
                             "Switch between the light and dark theme");
  a.dark_theme->setIconText("Dark");
  a.dark_theme->setCheckable(true);
  a.about = make_action(window, "about", "About RC-MAE Workbench", QKeySequence::HelpContents,
                        "Version, and the RC-MAE paper this workbench implements");
  a.about->setIconText("About");
  a.about->setMenuRole(QAction::AboutRole);

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
  a.save_checkpoint = make_action(
      window, "", "Save checkpoint now", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
      "Write the run's checkpoint.ckpt at the current step (also saved " +
          every_text(window_checkpoint_every_s()) + " of training, at the end and when stopped)");
  a.export_report =
      make_action(window, "", "Export run report…", QKeySequence(Qt::CTRL | Qt::Key_E),
                  "One-page PDF of a run: configuration, curves, reconstructions, kNN, robustness");
  // Spelled out: QKeySequence::Quit is empty on some platforms.
  a.quit = make_action(window, "", "Quit", QKeySequence(Qt::CTRL | Qt::Key_Q),
                       "Close the window (the run's checkpoint is saved first)");
  a.quit->setMenuRole(QAction::QuitRole);
  // ?: the key the presentation stage has always used for its list of keys.
  a.keyboard_help = make_action(window, "", "Keyboard shortcuts", Qt::Key_Question,
                                "Every key of the window and of presentation mode");
  a.open_menus = make_action(window, "", "Open the menus", Qt::Key_F10,
                             "Open the File menu; the arrow keys walk the menu bar");
  // A menu item only: F1, the usual help key, has long been About.
  a.user_guide = new QAction("User guide", window);
  a.user_guide->setToolTip("Open docs/USER_GUIDE.md, this program's manual");

  window->addToolBar(Qt::TopToolBarArea, make_toolbar(window, a));
  return a;
}

void WindowActions::buildMenus(QMainWindow* window, const QList<QAction*>& tabs,
                               const QList<QAction*>& evaluations) const {
  QMenuBar* bar = window->menuBar();
  QMenu* file = add_menu(bar, "File");
  file->addActions({open_runs, watch_run});
  file->addSeparator();
  file->addActions({save_figure, export_report});
  file->addSeparator();
  file->addAction(quit);

  QMenu* view = add_menu(bar, "View");
  view->addActions(tabs);
  view->addSeparator();
  view->addAction(follow_live);
  view->addSeparator();
  view->addActions({dark_theme, presentation});

  QMenu* run = add_menu(bar, "Run");
  run->addActions({play_pause, step, reset, stop});
  run->addSeparator();
  run->addAction(teaching);
  run->addSeparator();
  run->addAction(save_checkpoint);

  QMenu* evaluate = add_menu(bar, "Evaluate");
  evaluate->addActions({compare, try_change});
  evaluate->addSeparator();
  evaluate->addActions(evaluations);

  QMenu* help = add_menu(bar, "Help");
  help->addActions({user_guide, keyboard_help});
  help->addSeparator();
  help->addAction(about);

  // Presentation mode hides the bar; F10 then has nothing to open.
  QObject::connect(open_menus, &QAction::triggered, bar, [bar, file] {
    if (bar->isVisible()) bar->setActiveAction(file->menuAction());
  });
}

void WindowActions::showPlaying(bool playing) {
  play_pause->setIcon(QIcon(playing ? ":/icons/pause.svg" : ":/icons/play.svg"));
  play_pause->setText(playing ? "Pause" : "Start");
}

}  // namespace rcmae::ui
