#pragma once
// The difference of a metric between an arm and its control measured on the same items, with
// an interval that knows the items are paired, and the verdict that interval gives.
//
// Why paired: both arms are scored on the same held-out images (or queries), so most of the
// item to item spread (hard images are hard for both) cancels in the difference. Comparing
// two separate intervals would count that spread twice and call real differences "can't tell".
//
// How the interval is made:
//   One replicate (R = 1): a paired percentile bootstrap over items. Item indices are drawn
//     with replacement, the same indices for arm and control; each resample's difference is
//     value(arm resample) - value(control resample) with value a ratio of sums; the interval
//     is the (1 - level) / 2 and (1 + level) / 2 percentiles of those differences. The
//     generator (xoshiro256**, seeded with options.seed) and the mapping to indices are our
//     own code, so the same inputs give the same interval with every compiler and standard
//     library. When every item has the same numerator and denominator in both arms the
//     interval is exactly [0, 0].
//   Several replicates (R >= 2): the held-out items are the same in every replicate, so item
//     sampling noise is shared across replicates while training noise differs; a bootstrap
//     over items alone would miss the training noise, one over replicates alone (R = 3) would
//     have nothing to resample. The delta method splits the two:
//       d_r      = value_r(arm) - value_r(control); diff = mean_r d_r
//       z_{r,i}  = influence of item i on d_r: for a ratio Q = sum a / sum b it is
//                  (a_i - Q b_i) / mean(b), the arm's minus the control's
//       A = s²_rep / R       s²_rep: sample variance of d_r over replicates
//       B = s²_item / n      s²_item: sample variance over items of mean_r z_{r,i}
//       C = s²_res / (n R)   s²_res: residual mean square of the R x n table z_{r,i}
//       SE² = A + max(B - C, 0)
//     A holds the replicate (training) noise and the item x replicate noise once; B holds the
//     shared item effect plus the item x replicate noise again, which C takes back out (the
//     two-way random effects estimate of the variance of the grand mean). Without C the
//     interval counts that noise twice and covers 98-99 % instead of 95 % when per-item
//     training noise dominates. The interval is diff ± t_{df,(1+level)/2} SE with the
//     Welch-Satterthwaite df of A + (B - C),
//       df = (A' + B - C)² / (A'²/(R-1) + B²/(n-1) + C²/((R-1)(n-1))),
//     where A' = A (R-1) / χ²_{R-1}(0.25) is A at its 75 % upper confidence bound: A has only
//     R - 1 degrees of freedom, and with A itself the df comes out too large exactly when A
//     is underestimated (95 % intervals covered only 92 % with R = 3). df = R - 1 when
//     B <= C (only A is left). SE = 0 (identical inputs) gives [diff, diff].
#include <cstdint>
#include <string>
#include <vector>

#include "rcmae/stats/item_scores.h"
#include "rcmae/stats/verdict.h"

namespace rcmae::stats {

struct PairedDifference {
  double diff = 0;                 // metric(arm) - metric(control), mean over replicates
  double ci_low = 0, ci_high = 0;  // options.level (95 %) interval of that difference
  int replicates = 0;
  int64_t items = 0;
  std::string method;  // a short description of how the interval was made
  Verdict verdict = Verdict::CantTell;
};

struct IntervalOptions {
  int resamples = 2000;  // bootstrap resamples (R = 1 only)
  uint64_t seed = 1;     // bootstrap generator seed (R = 1 only)
  double level = 0.95;   // coverage of the interval, in (0, 1)
};

// arm[r] and control[r] are replicate r of the arm and of the control: the same items in the
// same order (paired). Throws std::invalid_argument naming the problem when replicate counts or
// item counts differ, when there are no replicates or no items, when sizes of numerator and
// denominator differ, when a score is not finite, or when the options are out of range.
// A metric whose denominators sum to 0 has no value: diff and interval are NaN, can't tell.
PairedDifference paired_difference(const std::vector<ItemScores>& arm,
                                   const std::vector<ItemScores>& control, Direction direction,
                                   const IntervalOptions& options = {});

}  // namespace rcmae::stats
