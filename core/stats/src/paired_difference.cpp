#include "rcmae/stats/paired_difference.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "paired_bootstrap.h"
#include "replicate_delta.h"

namespace rcmae::stats {

namespace {

[[noreturn]] void reject(const std::string& problem) {
  throw std::invalid_argument("paired_difference: " + problem);
}

std::string count(size_t number, const char* what) { return std::to_string(number) + " " + what; }

void check_finite(const std::vector<double>& values, const std::string& where, const char* what) {
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      reject(where + " item " + std::to_string(i) + " has a " + what + " that is not finite");
}

void check_replicate(const ItemScores& scores, const std::string& where) {
  if (scores.numerator.size() != scores.denominator.size())
    reject(where + " has " + count(scores.numerator.size(), "numerators but ") +
           count(scores.denominator.size(), "denominators"));
  check_finite(scores.numerator, where, "numerator");
  check_finite(scores.denominator, where, "denominator");
}

// Everything the header promises to reject, each with the sizes that differ.
void check_inputs(const std::vector<ItemScores>& arm, const std::vector<ItemScores>& control,
                  const IntervalOptions& options) {
  if (arm.size() != control.size())
    reject(count(arm.size(), "arm replicates but ") + count(control.size(), "control replicates"));
  if (arm.empty()) reject("no replicates");
  const size_t items = arm[0].numerator.size();
  for (size_t r = 0; r < arm.size(); ++r) {
    const std::string replicate = "replicate " + std::to_string(r);
    check_replicate(arm[r], "arm " + replicate);
    check_replicate(control[r], "control " + replicate);
    if (arm[r].numerator.size() != control[r].numerator.size())
      reject(replicate + " has " + count(arm[r].numerator.size(), "arm items but ") +
             count(control[r].numerator.size(), "control items"));
    // The delta method pairs item i across replicates too: the same held-out set each time.
    if (arm[r].numerator.size() != items)
      reject(replicate + " has " + count(arm[r].numerator.size(), "items but replicate 0 has ") +
             std::to_string(items) + " (every replicate must score the same items)");
  }
  if (items == 0) reject("no items");
  if (!(options.level > 0 && options.level < 1)) {
    char level[32];
    std::snprintf(level, sizeof level, "%g", options.level);
    reject(std::string("level ") + level + " is not between 0 and 1");
  }
  if (arm.size() == 1 && options.resamples < 1)
    reject("resamples " + std::to_string(options.resamples) + " is less than 1");
}

std::vector<PairedItem> paired_items(const ItemScores& arm, const ItemScores& control) {
  std::vector<PairedItem> items(arm.numerator.size());
  for (size_t i = 0; i < items.size(); ++i)
    items[i] = {arm.numerator[i], arm.denominator[i], control.numerator[i], control.denominator[i]};
  return items;
}

void one_replicate(const ItemScores& arm, const ItemScores& control, const IntervalOptions& options,
                   PairedDifference& result) {
  result.method = "paired bootstrap over " + count(size_t(result.items), "items (") +
                  std::to_string(options.resamples) + " resamples)";
  result.diff = arm.value() - control.value();
  // No value for a whole side (its denominators sum to 0) means no interval either.
  if (!std::isfinite(result.diff)) {
    result.ci_low = result.ci_high = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const BootstrapInterval interval = paired_bootstrap_interval(
      paired_items(arm, control), options.resamples, options.seed, options.level);
  result.ci_low = interval.low;
  result.ci_high = interval.high;
  const int left_out = options.resamples - interval.used_resamples;
  if (left_out > 0)
    result.method.insert(result.method.size() - 1,
                         ", " + std::to_string(left_out) + " with zero denominators left out");
}

void several_replicates(const std::vector<ItemScores>& arm, const std::vector<ItemScores>& control,
                        const IntervalOptions& options, PairedDifference& result) {
  const DeltaInterval interval = replicate_delta_interval(arm, control, options.level);
  result.diff = interval.diff;
  result.ci_low = interval.low;
  result.ci_high = interval.high;
  char spread[64];
  if (interval.standard_error > 0)
    std::snprintf(spread, sizeof spread, "Welch-Satterthwaite t, df %.1f", interval.df);
  else
    std::snprintf(spread, sizeof spread, "no spread: every difference identical");
  result.method = count(arm.size(), "replicates x ") + count(size_t(result.items), "items") +
                  " (delta method, " + spread + ")";
}

}  // namespace

PairedDifference paired_difference(const std::vector<ItemScores>& arm,
                                   const std::vector<ItemScores>& control, Direction direction,
                                   const IntervalOptions& options) {
  check_inputs(arm, control, options);
  PairedDifference result;
  result.replicates = int(arm.size());
  result.items = int64_t(arm[0].numerator.size());
  if (arm.size() == 1)
    one_replicate(arm[0], control[0], options, result);
  else
    several_replicates(arm, control, options, result);
  result.verdict = verdict_for(result.ci_low, result.ci_high, direction);
  return result;
}

}  // namespace rcmae::stats
