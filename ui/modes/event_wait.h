#pragma once
// Runs the event loop until a condition holds or a timeout passes (unattended modes and
// tests must keep the GUI thread responsive while they wait for training).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <functional>

namespace rcmae::ui {

// The loop sleeps in the event dispatcher between checks (every 20 ms), as QApplication::exec
// does between events: the benchmarks that wait here measure the window as a user runs it,
// not a GUI thread that polls hundreds of times a second.
inline bool wait_until(const std::function<bool()>& done, int timeout_ms) {
  if (done()) return true;
  QElapsedTimer clock;
  clock.start();
  QEventLoop loop;
  QTimer check;
  check.setInterval(20);
  bool reached = false;
  QObject::connect(&check, &QTimer::timeout, &loop, [&] {
    if (done()) {
      reached = true;
      loop.quit();
    } else if (clock.elapsed() >= timeout_ms) {
      loop.quit();
    }
  });
  check.start();
  loop.exec();
  return reached;
}

inline void spin_events(int ms) {
  wait_until([] { return false; }, ms);
}

}  // namespace rcmae::ui
