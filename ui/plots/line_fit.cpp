#include "plots/line_fit.h"

#include <cmath>

namespace rcmae::ui {

std::optional<LineFit> fit_line(const QVector<QPointF>& points) {
  // Centred sums: numerically steadier than the textbook sum(x·y) - n·mean·mean form.
  double mean_x = 0, mean_y = 0;
  int n = 0;
  for (const QPointF& p : points) {
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
    mean_x += p.x();
    mean_y += p.y();
    ++n;
  }
  if (n < 2) return std::nullopt;
  mean_x /= n;
  mean_y /= n;
  double sxx = 0, sxy = 0, syy = 0;
  for (const QPointF& p : points) {
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
    const double dx = p.x() - mean_x, dy = p.y() - mean_y;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx <= 0) return std::nullopt;
  LineFit fit;
  fit.slope = sxy / sxx;
  fit.intercept = mean_y - fit.slope * mean_x;
  fit.r = syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
  fit.count = n;
  return fit;
}

}  // namespace rcmae::ui
