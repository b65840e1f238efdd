#pragma once
// The worker thread of a long engine job the window starts (a robustness evaluation, a
// fine-tune): one std::thread, a stop flag the engine's callbacks read, and the rule that
// the job's end reaches its owner's thread (the GUI's) only after the worker was joined, so
// the worker never outlives its owner and never touches it once it is gone.
#include <QObject>
#include <atomic>
#include <functional>
#include <thread>

namespace rcmae::ui {

class JobThread {
 public:
  JobThread() = default;
  JobThread(const JobThread&) = delete;
  JobThread& operator=(const JobThread&) = delete;
  ~JobThread();  // asks the work to stop and waits for it

  // Runs `work` on a new thread; false when a job is still running.
  bool start(std::function<void()> work);
  void requestStop() { stop_requested_ = true; }
  bool stopRequested() const { return stop_requested_.load(); }
  bool isRunning() const { return running_; }

  // Called by the work as its last act: queues `then` on `owner`'s thread, where the worker
  // is joined (immediately: it has returned by then) and the job marked not running first.
  void finish(QObject* owner, std::function<void()> then);

 private:
  void join();

  std::thread worker_;
  std::atomic<bool> stop_requested_{false};
  bool running_ = false;  // touched on the owner's thread only
};

}  // namespace rcmae::ui
