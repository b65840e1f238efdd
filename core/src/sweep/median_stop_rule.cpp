#include "rcmae/sweep/median_stop_rule.h"

#include <algorithm>
#include <cmath>

namespace rcmae {

int64_t evaluation_interval(const MedianStopRule& rule, int64_t steps) {
  return rule.eval_every > 0 ? rule.eval_every : std::max<int64_t>(1, steps / 10);
}

int64_t smoothing_window(const MedianStopRule& rule, int64_t steps) {
  return rule.window > 0 ? rule.window : evaluation_interval(rule, steps);
}

bool is_evaluation_step(const MedianStopRule& rule, int64_t steps, int64_t step) {
  return rule.enabled && step > 0 && step < steps && step % evaluation_interval(rule, steps) == 0 &&
         double(step) >= rule.warmup_fraction * double(steps);
}

double smoothed_loss(const LossCurve& curve, int64_t step, int64_t window) {
  if (window <= 0 || step < window || step > int64_t(curve.size())) return std::nan("");
  double sum = 0;
  for (int64_t s = step - window + 1; s <= step; ++s) {
    const double loss = curve[size_t(s - 1)];
    if (!std::isfinite(loss)) return std::nan("");
    sum += loss;
  }
  return sum / double(window);
}

double median_of(std::vector<double> values) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

StopDecision decide_median_stop(const MedianStopRule& rule, int64_t steps, int64_t step,
                                const LossCurve& current,
                                const std::vector<LossCurve>& references) {
  StopDecision decision;
  decision.smoothed = std::nan("");
  decision.median = std::nan("");
  if (!is_evaluation_step(rule, steps, step)) return decision;
  const int64_t window = smoothing_window(rule, steps);
  decision.smoothed = smoothed_loss(current, step, window);
  std::vector<double> reference_losses;
  for (const auto& curve : references) {
    const double loss = smoothed_loss(curve, step, window);
    if (std::isfinite(loss)) reference_losses.push_back(loss);
  }
  decision.references = int(reference_losses.size());
  if (decision.references < std::max(1, rule.min_reference)) return decision;
  decision.median = median_of(reference_losses);
  decision.stop = std::isfinite(decision.smoothed) && decision.smoothed > decision.median;
  return decision;
}

}  // namespace rcmae
