#pragma once
// Parallel coordinates over a sweep: one vertical axis per swept parameter and one for the
// metric, one line per point through its values, coloured by the metric (yellow = best).
// Shows at a glance which settings the good points share, with any number of axes.
#include <QMap>
#include <QString>
#include <QVector>

#include "plots/themed_plot.h"
#include "rcmae/sweep/sweep_report.h"

namespace rcmae::ui {

class SweepParallelPlot : public ThemedPlot {
  Q_OBJECT

 public:
  explicit SweepParallelPlot(QWidget* parent = nullptr);

  void setReport(const SweepReport& report, SweepMetric metric);
  int lineCount() const { return lines_.size(); }
  // The axes left to right: the swept parameters, then the metric.
  QStringList axisNames() const { return axis_names_; }
  // Where `point`'s line crosses axis `axis` (0 = bottom, 1 = top); NaN: no value.
  double position(const QString& point, int axis) const;

 protected:
  void fitView() override;

 private:
  void clearLabels();
  void addLabel(double x, double y, const QString& text);

  QMap<QString, QCPGraph*> lines_;
  QStringList axis_names_;
  QVector<QCPAbstractItem*> labels_;
};

}  // namespace rcmae::ui
