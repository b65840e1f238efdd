#pragma once
// Screenshot mode's --try-change SETTING=V1,V2,...: once the window's run has trained, Evaluate
// ▸ Try a change with those values and --seconds-per-arm each, as a user would do it (the
// window pauses and saves its run, the dialog forks it), then waits for the verdict cards. The
// picture is the dialog; the wall time from Start to the cards is printed, which is what a
// user waits (docs/USER_GUIDE.md quotes it).
#include <QImage>
#include <QString>

#include "modes/command_line.h"

namespace rcmae::ui {

class MainWindow;

QImage run_try_change(MainWindow& window, const WorkbenchOptions& options, QString* error);

}  // namespace rcmae::ui
