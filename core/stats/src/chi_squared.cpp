#include "rcmae/stats/chi_squared.h"

#include <cmath>
#include <limits>

namespace rcmae::stats {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxSteps = 100000;
constexpr double kConverged = 1e-16;

double off_zero(double value) {
  constexpr double kTiny = 1e-300;
  return std::abs(value) < kTiny ? kTiny : value;
}

// e^-x x^a / Γ(a), the factor both expansions share, in log space (x^a overflows first).
double gamma_front(double a, double x) { return std::exp(a * std::log(x) - x - std::lgamma(a)); }

// P(a, x) = front * sum_k x^k / (a (a+1) ... (a+k)); converges fast for x < a + 1.
double lower_series(double a, double x) {
  double term = 1 / a, sum = term;
  for (int k = 1; k <= kMaxSteps && term > kConverged * sum; ++k) {
    term *= x / (a + k);
    sum += term;
  }
  return gamma_front(a, x) * sum;
}

// Q(a, x) = 1 - P(a, x) = front / (x + 1 - a - 1(1 - a) / (x + 3 - a - 2(2 - a) / ...)),
// evaluated with the modified Lentz method; converges fast for x >= a + 1.
double upper_fraction(double a, double x) {
  double b = x + 1 - a;
  double c = 1 / 1e-300;
  double d = 1 / off_zero(b);
  double fraction = d;
  for (int i = 1; i <= kMaxSteps; ++i) {
    const double numerator = -i * (i - a);
    b += 2;
    d = 1 / off_zero(numerator * d + b);
    c = off_zero(b + numerator / c);
    const double step = d * c;
    fraction *= step;
    if (std::abs(step - 1) < kConverged) break;
  }
  return gamma_front(a, x) * fraction;
}

}  // namespace

double regularized_lower_gamma(double a, double x) {
  if (!(a > 0) || !(x >= 0)) return kNaN;
  if (x == 0) return 0;
  if (std::isinf(x)) return 1;
  return x < a + 1 ? lower_series(a, x) : 1 - upper_fraction(a, x);
}

double chi_squared_cdf(double x, double df) {
  if (!(df > 0) || std::isnan(x)) return kNaN;
  if (x <= 0) return 0;
  return regularized_lower_gamma(df / 2, x / 2);
}

double chi_squared_quantile(double p, double df) {
  if (!(p > 0) || !(p < 1) || !(df > 0)) return kNaN;
  double low = 0, high = df + 10;
  while (chi_squared_cdf(high, df) < p) {
    low = high;
    high *= 2;
  }
  for (int i = 0; i < 400 && high - low > 1e-15 * high; ++i) {
    const double mid = 0.5 * (low + high);
    (chi_squared_cdf(mid, df) < p ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

}  // namespace rcmae::stats
