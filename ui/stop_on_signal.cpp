#include "stop_on_signal.h"

#include <unistd.h>

#include <QApplication>
#include <QSocketNotifier>
#include <cstdio>

#include "rcmae/util/stop_signals.h"

namespace rcmae::ui {

void close_windows_on_stop_signal(QObject* parent) {
  install_stop_signals();
  auto* notifier = new QSocketNotifier(stop_signal_fd(), QSocketNotifier::Read, parent);
  QObject::connect(notifier, &QSocketNotifier::activated, notifier, [notifier] {
    char byte = 0;
    while (::read(stop_signal_fd(), &byte, 1) > 0) {
    }
    notifier->setEnabled(false);  // one clean stop; a second signal ends the process at once
    std::fprintf(stderr, "rcmae-workbench: %s: saving the run's checkpoint and quitting\n",
                 stop_signal_name(stop_signal_received()));
    // MainWindow::closeEvent stops the session (the worker saves the checkpoint before its
    // thread ends); with the last window closed the application quits.
    QApplication::closeAllWindows();
  });
}

}  // namespace rcmae::ui
