#include "runs/job_thread.h"

#include <QMetaObject>

namespace rcmae::ui {

JobThread::~JobThread() {
  stop_requested_ = true;
  join();  // finish() calls queued but not delivered yet die with their owner
}

bool JobThread::start(std::function<void()> work) {
  if (running_) return false;  // not running: the previous worker has been joined
  stop_requested_ = false;
  running_ = true;
  worker_ = std::thread(std::move(work));
  return true;
}

void JobThread::join() {
  if (worker_.joinable()) worker_.join();
}

void JobThread::finish(QObject* owner, std::function<void()> then) {
  QMetaObject::invokeMethod(
      owner,
      [this, then = std::move(then)] {
        join();
        running_ = false;
        then();
      },
      Qt::QueuedConnection);
}

}  // namespace rcmae::ui
