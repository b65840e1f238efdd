#pragma once
// What an interval for "arm minus control" says: better, worse, or can't tell. Shared by every
// paired comparison so that the command line, the fork report and the GUI word it alike.
#include <string>

namespace rcmae::stats {

enum class Direction { LowerIsBetter, HigherIsBetter };
enum class Verdict { Better, Worse, CantTell };

std::string to_string(Verdict verdict);  // "better", "worse", "can't tell"

// Better / worse only when the whole interval lies on one side of 0 (0 itself, or a NaN
// bound, => can't tell).
Verdict verdict_for(double ci_low, double ci_high, Direction direction);

}  // namespace rcmae::stats
