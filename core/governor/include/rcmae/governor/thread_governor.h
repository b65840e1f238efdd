#pragma once
// How many threads a training step should use is a property of the moment, not of the
// machine: on a 2-core VM one thread made the teaching step 0.082 s and two 0.093 s in one
// hour, 0.084 s and 0.065 s in another; with one other busy process two threads waiting at
// OpenMP barriers lose to one (docs/PERFORMANCE.md). So a run started without --threads
// times its own steps: it tries each candidate count for a few steps, keeps the fastest,
// and tries again every few hundred steps or as soon as its steps get markedly slower (the
// load changed). Standard library only; the step loop applies the count it returns.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rcmae {

struct ThreadGovernorOptions {
  int settle_steps = 2;   // after a change, steps not timed (caches, thread pool start)
  int sample_steps = 8;   // steps timed per candidate; their median is its pace
  int hold_steps = 400;   // steps at the chosen count before trying the others again
  double slowdown = 1.3;  // recent median this much above the chosen pace: try again
  int recent_steps = 16;  // steps in that recent median
};

class ThreadGovernor {
 public:
  // `candidates`: thread counts to try, most first (e.g. 2, 1); at least one.
  explicit ThreadGovernor(std::vector<int> candidates, ThreadGovernorOptions options = {});
  // The count for the next step.
  int threads() const { return candidates_[current_]; }
  // Takes the duration of the step just trained; returns the count for the next one.
  int after_step(double step_s);
  const std::vector<int>& candidates() const { return candidates_; }
  // The candidates' last measured paces (s per step; 0 when not measured yet).
  const std::vector<double>& paces() const { return paces_; }
  // Times the choice was made (the first included).
  int decisions() const { return decisions_; }

  // {all, all/2, all/4, ..., 1}: the counts worth trying on `all` cores.
  static std::vector<int> halvings(int all);

 private:
  void start_probe();
  void switch_to(size_t candidate);
  void choose();
  static double median(std::vector<double> values);

  std::vector<int> candidates_;
  ThreadGovernorOptions options_;
  std::vector<double> paces_;
  size_t current_ = 0;
  bool probing_ = true;
  size_t probed_ = 0;         // candidates measured in this probe
  int steps_at_current_ = 0;  // since the last switch
  std::vector<double> sample_;
  std::vector<double> recent_;
  int held_ = 0;
  int decisions_ = 0;
};

}  // namespace rcmae
