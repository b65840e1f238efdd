#pragma once
// Two accuracies, each measured once on its own count of test images, compared: the difference
// with a 95 % interval from the test images alone. Used where only the accuracies were kept
// (finetune.csv's top-1 per fine-tune), not which images each got right: a paired comparison
// (mcnemar.h, paired_difference.h) needs those.
#include <cstdint>

namespace rcmae::stats {

struct ProportionDifference {
  double difference = 0;  // a - b
  double ci_low = 0, ci_high = 0;
};

// Normal approximation for two independent binomial proportions (Wald). When both were scored
// on the same images their errors are positively correlated and the true interval is
// narrower: this one is conservative. NaN bounds when a count is below 1 or an accuracy
// outside [0, 1].
ProportionDifference proportion_difference(double accuracy_a, int64_t images_a, double accuracy_b,
                                           int64_t images_b);

}  // namespace rcmae::stats
