#include "rcmae/stats/verdict.h"

namespace rcmae::stats {

std::string to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::Better:
      return "better";
    case Verdict::Worse:
      return "worse";
    case Verdict::CantTell:
      break;
  }
  return "can't tell";
}

Verdict verdict_for(double ci_low, double ci_high, Direction direction) {
  // Strict comparisons: an interval that reaches 0 has not ruled out "no difference", and a
  // NaN bound fails both tests.
  const bool above_zero = ci_low > 0 && ci_high > 0;
  const bool below_zero = ci_low < 0 && ci_high < 0;
  if (!above_zero && !below_zero) return Verdict::CantTell;
  const bool higher = above_zero;  // the arm's metric is higher than the control's
  return higher == (direction == Direction::HigherIsBetter) ? Verdict::Better : Verdict::Worse;
}

}  // namespace rcmae::stats
