#include "rcmae/session/worker_control.h"

#include <utility>

namespace rcmae::session {

void WorkerControl::pause() {
  paused_.store(true);
  notify();
}

void WorkerControl::resume() {
  paused_.store(false);
  notify();
}

void WorkerControl::request_step() {
  step_requests_.fetch_add(1);
  notify();
}

void WorkerControl::request_stop() {
  stop_.store(true);
  notify();
}

void WorkerControl::request_snapshot() {
  snapshot_requested_.store(true);
  notify();
}

void WorkerControl::request_checkpoint() {
  checkpoint_requested_.store(true);
  notify();
}

void WorkerControl::post_changes(const LiveChanges& changes) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.merge(changes);
}

void WorkerControl::set_snapshot_interval(int every_steps, double every_s) {
  snapshot_every_steps_.store(every_steps);
  snapshot_every_s_.store(every_s);
}

StepClaim WorkerControl::claim_step() {
  if (!paused_.load()) return StepClaim::Step;
  int requests = step_requests_.load();
  while (requests > 0)
    if (step_requests_.compare_exchange_weak(requests, requests - 1)) return StepClaim::SingleStep;
  return StepClaim::None;
}

LiveChanges WorkerControl::take_changes() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(pending_, {});
}

bool WorkerControl::has_work() const {
  return stop_.load() || may_step() || snapshot_requested_.load() || checkpoint_requested_.load();
}

void WorkerControl::wait_for_work(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock(mutex_);
  wake_.wait_for(lock, limit, [this] { return has_work(); });
}

void WorkerControl::pause_itself() {
  paused_.store(true);
  step_requests_.store(0);
}

// Taking the mutex orders the flag written before it with the worker's check under the same
// mutex: a request can never slip in between the check and the wait and sleep unseen.
void WorkerControl::notify() {
  std::lock_guard<std::mutex> lock(mutex_);
  wake_.notify_all();
}

}  // namespace rcmae::session
