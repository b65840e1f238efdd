#pragma once
// The window's answer to SIGTERM, SIGINT and SIGHUP (logout, shutdown, `kill`, Ctrl-C in
// the terminal that started it): close every window as the user's own close would, which
// stops the training session and saves the run's checkpoint, and so quit. The signal
// handler only writes to a self-pipe (rcmae/util/stop_signals.h); a QSocketNotifier on its
// read end brings the request into the event loop.
class QObject;

namespace rcmae::ui {

// Installs the handlers and the notifier (a child of `parent`). Throws std::runtime_error
// when the handlers cannot be installed.
void close_windows_on_stop_signal(QObject* parent);

}  // namespace rcmae::ui
