#pragma once
// The Curves tab: loss, learning rate, EMA momentum and teacher-student distance, with one
// row of controls shared by all plots (smoothing, log y, x axis, follow live).
#include <QWidget>

#include "metric_history.h"
#include "theme.h"

namespace rcmae::ui {

class PlotControlBar;
class TimeSeriesPlot;

class CurvesPanel : public QWidget {
  Q_OBJECT

 public:
  explicit CurvesPanel(const MetricHistory* history, QWidget* parent = nullptr);

  void refresh();
  void rebuild();
  void applyTheme(const PlotTheme& theme);
  void setFollowLive(bool follow);
  void toggleFollowLive();
  // The plot Ctrl+S saves: the last one the user touched, else the loss plot.
  TimeSeriesPlot* currentPlot() const { return current_; }
  QList<TimeSeriesPlot*> plots() const { return plots_; }

 private:
  QList<TimeSeriesPlot*> plots_;
  TimeSeriesPlot* loss_ = nullptr;
  TimeSeriesPlot* current_ = nullptr;
  PlotControlBar* controls_ = nullptr;
};

}  // namespace rcmae::ui
