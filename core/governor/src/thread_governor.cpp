#include "rcmae/governor/thread_governor.h"

#include <algorithm>
#include <stdexcept>

namespace rcmae {

ThreadGovernor::ThreadGovernor(std::vector<int> candidates, ThreadGovernorOptions options)
    : candidates_(std::move(candidates)), options_(options) {
  if (candidates_.empty()) throw std::invalid_argument("thread governor: no candidate counts");
  paces_.assign(candidates_.size(), 0.0);
  start_probe();
}

std::vector<int> ThreadGovernor::halvings(int all) {
  std::vector<int> counts;
  for (int n = std::max(1, all); n >= 1; n /= 2) {
    counts.push_back(n);
    if (n == 1) break;
  }
  if (counts.back() != 1) counts.push_back(1);
  return counts;
}

double ThreadGovernor::median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

void ThreadGovernor::start_probe() {
  probing_ = true;
  probed_ = 0;
  switch_to(0);
}

void ThreadGovernor::switch_to(size_t candidate) {
  current_ = candidate;
  steps_at_current_ = 0;
  sample_.clear();
  recent_.clear();
}

void ThreadGovernor::choose() {
  size_t best = 0;
  for (size_t i = 1; i < paces_.size(); ++i)
    if (paces_[i] < paces_[best]) best = i;
  switch_to(best);
  probing_ = false;
  held_ = 0;
  ++decisions_;
}

int ThreadGovernor::after_step(double step_s) {
  if (candidates_.size() == 1 || !(step_s > 0)) return threads();
  ++steps_at_current_;
  if (steps_at_current_ <= options_.settle_steps) return threads();
  if (probing_) {
    sample_.push_back(step_s);
    if (int(sample_.size()) < options_.sample_steps) return threads();
    paces_[current_] = median(sample_);
    if (++probed_ < candidates_.size()) {
      switch_to(probed_);
      return threads();
    }
    choose();
    return threads();
  }
  ++held_;
  recent_.push_back(step_s);
  if (int(recent_.size()) > options_.recent_steps) recent_.erase(recent_.begin());
  const bool slower = int(recent_.size()) == options_.recent_steps &&
                      median(recent_) > options_.slowdown * paces_[current_];
  if (held_ >= options_.hold_steps || slower) start_probe();
  return threads();
}

}  // namespace rcmae
