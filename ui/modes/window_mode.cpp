#include "modes/window_mode.h"

#include <QStatusBar>

#include "controls/control_panel.h"
#include "main_window.h"
#include "rcmae/session/training_session.h"

namespace rcmae::ui {

QString apply_command_line(MainWindow& window, const WorkbenchOptions& options) {
  const WindowStart start = window_start(options, window.controls()->config());
  if (!start.error.isEmpty() || start.note.isEmpty()) return start.error;
  window.controls()->setConfig(start.config);
  // The message covers the live numbers, which only mean something once a run starts.
  window.statusBar()->showMessage(start.note);
  QObject::connect(window.session(), &session::TrainingSession::runStarted, window.statusBar(),
                   &QStatusBar::clearMessage, Qt::SingleShotConnection);
  return {};
}

}  // namespace rcmae::ui
