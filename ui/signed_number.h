#pragma once
// Numbers and signed differences as every view writes them, so a difference reads the same
// in Try a change's cards, the Fine-tune summary, the Runs table and the report: a real
// minus sign (U+2212), a plus on positive differences, and no sign on a value that rounds to
// zero at the decimals shown (it cannot be told from zero there). Halves round away from
// zero, also when binary fractions fall a hair short of them (0.0215 is 0.021499999…), as
// `rcmae fork` prints them.
#include <QString>

namespace rcmae::ui {

// "0.057", "−0.002", "0.000".
QString number_text(double value, int decimals);
// "+0.057", "−0.002", "0.000".
QString signed_number(double value, int decimals);

}  // namespace rcmae::ui
