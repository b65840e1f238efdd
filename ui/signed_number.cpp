#include "signed_number.h"

#include <cmath>

namespace rcmae::ui {
namespace {

const QChar kMinus(0x2212);

bool all_zero(const QString& digits) {
  return digits.count('0') + digits.count('.') == digits.size();
}

}  // namespace

QString number_text(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::floor(std::abs(value) * scale + 0.5 + 1e-9) / scale;
  const QString digits = QString::number(rounded, 'f', decimals);
  return value < 0 && !all_zero(digits) ? kMinus + digits : digits;
}

QString signed_number(double value, int decimals) {
  const QString text = number_text(value, decimals);
  return all_zero(text) || text.startsWith(kMinus) ? text : "+" + text;
}

}  // namespace rcmae::ui
