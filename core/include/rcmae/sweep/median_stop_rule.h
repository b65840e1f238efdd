#pragma once
// Early stopping of sweep points by the median rule (as in Google Vizier's median stopping):
//
//   Let E = eval_every (default max(1, steps / 10)) and W = window (default E). At every step
//   s that is a multiple of E, with s >= warmup_fraction * steps and s < steps, the point's
//   smoothed loss at s is the mean of its reconstruction losses L_rec at steps s-W+1 .. s
//   (not the total loss: its gamma * L_cons term grows with the momentum and gamma that a
//   sweep varies, so totals of different points are not comparable). The reference points are
//   the sweep's earlier points that have a loss for every one of those steps (finished points,
//   and points stopped early at or after s). With at least min_reference of them, the point
//   stops at s when its smoothed loss is strictly greater than the median of theirs (for an
//   even count the mean of the middle two).
//
// A point stopped this way keeps its run folder (curves, checkpoint) and is marked
// "stopped_early" with the step, its smoothed loss and the median it lost to.
#include <cstdint>
#include <vector>

#include "rcmae/sweep/loss_curve.h"

namespace rcmae {

struct MedianStopRule {
  bool enabled = false;
  double warmup_fraction = 0.25;  // no decision before this fraction of the steps
  int64_t eval_every = 0;         // 0: max(1, steps / 10)
  int64_t window = 0;             // 0: eval_every
  int min_reference = 2;          // reference points needed before any decision
};

struct StopDecision {
  bool stop = false;
  double smoothed = 0;  // the point's smoothed loss at the step (NaN: not an evaluation)
  double median = 0;    // the references' median (NaN: too few references)
  int references = 0;
};

int64_t evaluation_interval(const MedianStopRule& rule, int64_t steps);
int64_t smoothing_window(const MedianStopRule& rule, int64_t steps);
bool is_evaluation_step(const MedianStopRule& rule, int64_t steps, int64_t step);

// Mean of curve[step-window .. step-1] (steps step-window+1 .. step); NaN when any is missing.
double smoothed_loss(const LossCurve& curve, int64_t step, int64_t window);

// Median of the finite values; NaN when there are none.
double median_of(std::vector<double> values);

// The rule applied at `step` to `current` against `references` (other points' curves).
StopDecision decide_median_stop(const MedianStopRule& rule, int64_t steps, int64_t step,
                                const LossCurve& current, const std::vector<LossCurve>& references);

}  // namespace rcmae
