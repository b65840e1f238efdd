#pragma once
// Every point's loss curve in one plot, coloured by one swept parameter (dark = its lowest
// value, light green = its highest); one point can be picked out (thick, the others faded).
// Points that differ only in their seed (rcmae sweep --repeats) are drawn as one setting: the
// mean of their smoothed curves with a shaded 95 % band, each seed's curve faint beneath, the
// legend saying how many seeds.
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
  // Settings drawn as a mean with a band, as the legend names them ("mom0.97 (mean of 3, 95%)").
  QStringList bandNames() const;

 private:
  void restyle();
  void addBands(const QVector<SweepCurve>& curves);

  QMap<QString, QCPGraph*> graphs_;
  QMap<QString, QString> replicate_of_;  // point -> its setting, for seeds drawn as a band
  QMap<QString, QCPGraph*> band_means_;  // setting -> its mean line
  QMap<QString, QColor> colours_;
  QString highlighted_;
};

}  // namespace rcmae::ui
