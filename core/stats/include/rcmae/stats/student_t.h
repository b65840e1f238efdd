#pragma once
// Student's t distribution for non-integer degrees of freedom (Welch-Satterthwaite gives
// fractional ones), computed through the regularized incomplete beta function.
namespace rcmae::stats {

// I_x(a, b) for a, b > 0 and 0 <= x <= 1; NaN outside.
double regularized_incomplete_beta(double a, double b, double x);

// P(T <= t) for T ~ t(df), df > 0; NaN for df <= 0 or NaN.
double student_t_cdf(double t, double df);

// The t with P(T <= t) = p, 0 < p < 1, df > 0 (NaN otherwise). Accurate to about 1e-12
// relative; a very large df gives the normal quantile.
double student_t_quantile(double p, double df);

}  // namespace rcmae::stats
