#pragma once
// Summary statistics of repeated timings, shared by the benchmarks so that every figure they
// print means the same thing.
#include <vector>

namespace rcmae {

// Median (mean of the two middle values for an even count); 0 for no values.
double median(std::vector<double> values);
// The q-quantile (0..1) by nearest rank; 0 for no values.
double percentile(std::vector<double> values, double q);

}  // namespace rcmae
