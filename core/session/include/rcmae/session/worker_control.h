#pragma once
// What the GUI thread asks of the training worker, and how the worker takes it between steps:
// pause, resume, single steps, stop, snapshot and checkpoint requests, live hyper-parameter
// changes, the snapshot interval. The one place both threads touch.
//
// Torch-free and Qt-free on purpose: tests/sanitize builds this file and its test under
// ThreadSanitizer, so the protocol the window's worker runs is the one checked for races
// (LibTorch and Qt are not instrumented, so the worker itself cannot be).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "rcmae/train/live_changes.h"

namespace rcmae::session {

// What the worker may do now: nothing (paused, no step asked for), an ordinary step, or a
// step the user asked for while paused (the view shows its effect at once).
enum class StepClaim { None, Step, SingleStep };

class WorkerControl {
 public:
  // --- GUI thread -------------------------------------------------------------------------
  void pause();
  void resume();
  void request_step();  // one step while paused; ignored by a running worker
  void request_stop();
  void request_snapshot();
  void request_checkpoint();
  void post_changes(const LiveChanges& changes);  // merged with what is not yet taken
  void set_snapshot_interval(int every_steps, double every_s);

  // --- worker thread ----------------------------------------------------------------------
  bool stop_requested() const { return stop_.load(); }
  // Decides whether to step and, when paused, takes one step request in the same
  // compare-exchange: a pause landing between reading "paused" and taking a request would
  // otherwise turn an ordinary step into a single step and drive the count below zero.
  StepClaim claim_step();
  bool take_snapshot_request() { return snapshot_requested_.exchange(false); }
  bool take_checkpoint_request() { return checkpoint_requested_.exchange(false); }
  LiveChanges take_changes();
  // Sleeps until there is something to do (a step, a request, stop) or `limit` passes.
  void wait_for_work(std::chrono::milliseconds limit);
  // The run paused itself (budget spent, an error): it waits for the user, and step requests
  // made before are dropped.
  void pause_itself();
  int snapshot_every_steps() const { return snapshot_every_steps_.load(); }
  double snapshot_every_s() const { return snapshot_every_s_.load(); }

 private:
  bool may_step() const { return !paused_.load() || step_requests_.load() > 0; }
  bool has_work() const;
  void notify();

  std::atomic<bool> stop_{false};
  std::atomic<bool> paused_{false};
  std::atomic<int> step_requests_{0};
  std::atomic<bool> snapshot_requested_{false};
  std::atomic<bool> checkpoint_requested_{false};
  std::atomic<int> snapshot_every_steps_{25};
  std::atomic<double> snapshot_every_s_{2.0};

  std::mutex mutex_;  // guards pending_ and pairs with wake_
  std::condition_variable wake_;
  LiveChanges pending_;
};

}  // namespace rcmae::session
