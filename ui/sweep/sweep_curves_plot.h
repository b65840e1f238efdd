#pragma once
// Every point's loss curve in one plot, coloured by one swept parameter (dark = its lowest
// value, light green = its highest); one point can be picked out (thick, the others faded).
#include <QColor>
#include <QMap>
#include <QString>
#include <QVector>

#include "plots/themed_plot.h"

namespace rcmae::ui {

struct SweepCurve {
  QString point;
  QString colour_value;  // the point's value of the colouring parameter
  QVector<double> steps, losses;
};

class SweepCurvesPlot : public ThemedPlot {
  Q_OBJECT

 public:
  explicit SweepCurvesPlot(QWidget* parent = nullptr);

  // `colour_axis` names the parameter in the legend title.
  void setCurves(const QVector<SweepCurve>& curves, const QString& colour_axis);
  void highlight(const QString& point);  // empty: none
  QString highlighted() const { return highlighted_; }
  int curveCount() const { return graphs_.size(); }
  QColor curveColour(const QString& point) const;
  // The points of the curves, in drawing order.
  QStringList points() const { return graphs_.keys(); }
  // Number of steps drawn for `point` (0 when it has no curve).
  int curveLength(const QString& point) const;

 private:
  void restyle();

  QMap<QString, QCPGraph*> graphs_;
  QMap<QString, QColor> colours_;
  QString highlighted_;
};

}  // namespace rcmae::ui
