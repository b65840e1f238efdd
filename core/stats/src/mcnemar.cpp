#include "rcmae/stats/mcnemar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace rcmae::stats {

double binomial_half_cdf(int64_t k, int64_t n) {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // Past the middle the terms below k first grow; the symmetric upper tail is a short sum.
  if (2 * k >= n) return 1 - binomial_half_cdf(n - k - 1, n);
  // The largest term is the one at k (k < n / 2); it alone goes through lgamma, in log space
  // because C(n, k) / 2^n under- and overflows long before n = 100,000. The rest follow by
  // the ratio C(n, j - 1) / C(n, j) = j / (n - j + 1) < 1 and are summed relative to it.
  const double log_top = std::lgamma(double(n) + 1) - std::lgamma(double(k) + 1) -
                         std::lgamma(double(n - k) + 1) - double(n) * std::log(2.0);
  double term = 1, sum = 1;
  for (int64_t j = k; j > 0; --j) {
    term *= double(j) / double(n - j + 1);
    sum += term;
    if (term < 1e-17 * sum) break;  // the remaining terms shrink faster than this one
  }
  return std::exp(log_top) * sum;
}

namespace {

bool is_outcome(double value) { return value == 0 || value == 1; }

void check_outcomes(const std::vector<double>& outcomes, const char* side) {
  for (size_t i = 0; i < outcomes.size(); ++i)
    if (!is_outcome(outcomes[i])) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", outcomes[i]);
      throw std::invalid_argument(std::string("mcnemar_exact: ") + side + " item " +
                                  std::to_string(i) + " is " + value +
                                  ", not 0 (wrong) or 1 (correct)");
    }
}

}  // namespace

McNemarResult mcnemar_exact(const std::vector<double>& arm_correct,
                            const std::vector<double>& control_correct) {
  if (arm_correct.size() != control_correct.size())
    throw std::invalid_argument("mcnemar_exact: " + std::to_string(arm_correct.size()) +
                                " arm items but " + std::to_string(control_correct.size()) +
                                " control items (the outcomes must be paired)");
  check_outcomes(arm_correct, "arm");
  check_outcomes(control_correct, "control");
  McNemarResult result;
  for (size_t i = 0; i < arm_correct.size(); ++i) {
    if (arm_correct[i] > control_correct[i]) ++result.arm_only;
    if (arm_correct[i] < control_correct[i]) ++result.control_only;
  }
  const int64_t discordant = result.arm_only + result.control_only;
  if (discordant == 0) return result;  // nothing to tell the arms apart: p = 1
  const int64_t smaller = std::min(result.arm_only, result.control_only);
  result.p_value = std::min(1.0, 2 * binomial_half_cdf(smaller, discordant));
  return result;
}

}  // namespace rcmae::stats
