#pragma once
#include <QImage>

#include "modes/command_line.h"

namespace rcmae::ui {

// Trains options.train_steps steps in a fixed-size window, grabs it (QWidget::grab) and
// returns the image; `error` is set when training failed (the image then shows why).
QImage render_workbench(const WorkbenchOptions& options, QString* error);
// --screenshot: render_workbench + save. Returns the process exit code.
int run_screenshot_mode(const WorkbenchOptions& options);

}  // namespace rcmae::ui
