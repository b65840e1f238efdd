#pragma once
// The window's `rcmae` child processes (Compare MAE vs RC-MAE's `rcmae train`, Try a change's
// `rcmae fork`) end one way, so that a cancelled, finished or destroyed job never leaves a
// training process running behind the window.
class QObject;
class QProcess;

namespace rcmae::ui {

// Stops delivering the child's signals to `listener`, kills it if it still runs and waits for
// it (3 s at most), schedules its deletion and sets `process` to null. Null: nothing happens.
void end_child_process(QProcess*& process, const QObject* listener);

}  // namespace rcmae::ui
