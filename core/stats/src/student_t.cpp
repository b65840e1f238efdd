#include "rcmae/stats/student_t.h"

#include <cmath>
#include <limits>

namespace rcmae::stats {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Lentz's recurrences divide by running values that can pass through 0; nudging them off 0
// is the usual remedy and does not change a converged result.
double off_zero(double value) {
  constexpr double kTiny = 1e-300;
  return std::abs(value) < kTiny ? kTiny : value;
}

// The continued fraction of I_x(a, b) (the factor after x^a (1-x)^b / (a B(a, b))),
//   1 / (1 + d1 / (1 + d2 / (1 + ...))),
//   d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
//   d_{2m}   = m (b - m) x / ((a + 2m - 1)(a + 2m)),
// evaluated front to back with the modified Lentz method. It converges quickly for
// x < (a + 1) / (a + b + 2); the caller swaps a and b beyond that.
double beta_fraction(double a, double b, double x) {
  constexpr int kMaxSteps = 200000;  // large a needs O(sqrt(a)) steps
  constexpr double kConverged = 1e-16;
  double c = 1;
  double d = 1 / off_zero(1 - (a + b) * x / (a + 1));
  double fraction = d;
  for (int m = 1; m <= kMaxSteps; ++m) {
    const double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / off_zero(1 + even * d);
    c = off_zero(1 + even / c);
    fraction *= d * c;
    const double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / off_zero(1 + odd * d);
    c = off_zero(1 + odd / c);
    const double step = d * c;
    fraction *= step;
    if (std::abs(step - 1) < kConverged) break;
  }
  return fraction;
}

// I_x(a, b) with the complement y = 1 - x passed in, so callers that know y exactly (the t
// CDF near t = 0, where x is 1 - tiny) do not lose it to rounding in 1 - x.
double incomplete_beta(double a, double b, double x, double y) {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const double log_front =
      a * std::log(x) + b * std::log(y) + std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, y) / b;  // I_x(a, b) = 1 - I_y(b, a)
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Bisection on a CDF that increases in t, for p > 1/2 (so the answer is > 0).
template <typename Cdf>
double invert_upper(double p, Cdf cdf) {
  double low = 0, high = 1;
  while (cdf(high) < p) {
    low = high;
    high *= 2;
    if (high > 1e300) return std::numeric_limits<double>::infinity();
  }
  for (int i = 0; i < 400 && high - low > 1e-15 * high; ++i) {
    const double mid = 0.5 * (low + high);
    (cdf(mid) < p ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return kNaN;
  return incomplete_beta(a, b, x, 1 - x);
}

double student_t_cdf(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  // P(|T| > |t|) = I_{df / (df + t²)}(df / 2, 1 / 2).
  const double t2 = t * t;
  const double both_tails = incomplete_beta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
  return t > 0 ? 1 - both_tails / 2 : both_tails / 2;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0) || !(p < 1) || !(df > 0)) return kNaN;
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  // Beyond this the t is the normal to better than 1e-7, and lgamma(df / 2) is so large that
  // the incomplete beta's prefactor loses more than that to rounding.
  constexpr double kNormalBeyond = 1e7;
  if (df > kNormalBeyond) return invert_upper(p, normal_cdf);
  return invert_upper(p, [df](double t) { return student_t_cdf(t, df); });
}

}  // namespace rcmae::stats
