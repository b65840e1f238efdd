#pragma once
// McNemar's exact test: did the arm and the control classify the same queries differently
// more often one way than the other? Only the discordant queries carry information; under
// "no difference" each of them is equally likely to favour either side.
#include <cstdint>
#include <vector>

namespace rcmae::stats {

struct McNemarResult {
  int64_t arm_only = 0;      // b: the arm right, the control wrong
  int64_t control_only = 0;  // c: the control right, the arm wrong
  double p_value = 1;
};

// Exact two-sided McNemar test on paired 0/1 outcomes (1 = correct): arm_only counts items the
// arm got right and the control wrong, control_only the reverse; p = min(1, 2 * P(X <= min(b,c)))
// with X ~ Binomial(b + c, 1/2); p = 1 when b + c = 0. The tail is summed in log space, so
// b + c in the hundreds of thousands is fine. Throws std::invalid_argument on size mismatch or
// on an outcome that is neither 0 nor 1.
McNemarResult mcnemar_exact(const std::vector<double>& arm_correct,
                            const std::vector<double>& control_correct);

// P(X <= k) for X ~ Binomial(n, 1/2), 0 <= k <= n.
double binomial_half_cdf(int64_t k, int64_t n);

}  // namespace rcmae::stats
