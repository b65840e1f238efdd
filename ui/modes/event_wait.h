#pragma once
// Runs the event loop until a condition holds or a timeout passes (unattended modes and
// tests must keep the GUI thread responsive while they wait for training).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>

#include <functional>

namespace rcmae::ui {

inline bool wait_until(const std::function<bool()>& done, int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (!done()) {
    if (timer.elapsed() > timeout_ms) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(2);
  }
  return true;
}

inline void spin_events(int ms) {
  wait_until([] { return false; }, ms);
}

}  // namespace rcmae::ui
