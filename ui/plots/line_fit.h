#pragma once
// Ordinary least-squares line y = slope·x + intercept through scatter points. The trend
// line of the gradient scatter and its printed slope come from here.
#include <QPointF>
#include <QVector>
#include <optional>

namespace rcmae::ui {

struct LineFit {
  double slope = 0;
  double intercept = 0;
  double r = 0;  // Pearson correlation: how well a line describes the cloud at all
  int count = 0;
};

// nullopt with fewer than two points or when all x are equal (no slope is defined).
// Non-finite points are ignored.
std::optional<LineFit> fit_line(const QVector<QPointF>& points);

}  // namespace rcmae::ui
