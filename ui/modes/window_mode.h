#pragma once
// rcmae-workbench without a mode: the interactive window.
#include <QString>

#include "modes/command_line.h"

namespace rcmae::ui {

class MainWindow;

// Lays the command line's training options over the session `window` restored, and says
// in the status bar which ones it took. Returns the error when they do not fit that
// session (the caller refuses them as any wrong option); the session stays as it was then.
QString apply_command_line(MainWindow& window, const WorkbenchOptions& options);

}  // namespace rcmae::ui
