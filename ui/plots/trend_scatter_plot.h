#pragma once
// A scatter of (x, y) points coloured by training step, with the least-squares trend line
// and its slope printed in the corner. Used for cos(g_c(t), g_r(t-k)) against feature
// similarity s(t): the paper's claim is a negative slope.
#include <QVector>
#include <optional>

#include "plots/line_fit.h"
#include "plots/themed_plot.h"

namespace rcmae::ui {

struct ScatterPoint {
  double x = 0;
  double y = 0;
  double step = 0;  // colours the point
};

class TrendScatterPlot : public ThemedPlot {
  Q_OBJECT

 public:
  TrendScatterPlot(const QString& title, const QString& x_label, const QString& y_label,
                   QWidget* parent = nullptr);

  // Replaces all points (a run has at most a few thousand measurements: cheap).
  void setPoints(const QVector<ScatterPoint>& points);
  const QVector<ScatterPoint>& points() const { return points_; }
  const std::optional<LineFit>& fit() const { return fit_; }
  QString slopeText() const;
  void applyTheme(const PlotTheme& theme) override;

 protected:
  void fitView() override;

 private:
  void redraw();
  void styleData();

  QVector<ScatterPoint> points_;
  std::optional<LineFit> fit_;
  // Points are split into step bands, one graph per band: QCustomPlot colours per graph.
  QVector<QCPGraph*> bands_;
  QCPGraph* trend_ = nullptr;
  QCPItemText* slope_label_ = nullptr;
  QCPColorScale* step_scale_ = nullptr;
};

}  // namespace rcmae::ui
