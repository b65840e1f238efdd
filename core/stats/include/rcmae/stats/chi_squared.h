#pragma once
// The chi-squared distribution, for the confidence bound of a sample variance with few
// degrees of freedom (the replicate part of paired_difference's delta method).
namespace rcmae::stats {

// P(a, x) = γ(a, x) / Γ(a), the regularized lower incomplete gamma function, a > 0, x >= 0;
// NaN outside.
double regularized_lower_gamma(double a, double x);

// P(X <= x) for X ~ χ²(df), df > 0; NaN for df <= 0 or NaN.
double chi_squared_cdf(double x, double df);

// The x with P(X <= x) = p, 0 < p < 1, df > 0 (NaN otherwise).
double chi_squared_quantile(double p, double df);

}  // namespace rcmae::stats
