#pragma once
// The Curves tab: loss, learning rate, EMA momentum and teacher-student distance, with one
// row of controls shared by all plots (smoothing, log y, x axis, follow live).
#include <QWidget>

#include "metric_history.h"
#include "theme.h"
#include "views/workbench_tab.h"

namespace rcmae::ui {

class PlotControlBar;
class TimeSeriesPlot;

class CurvesPanel : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit CurvesPanel(const MetricHistory* history, QWidget* parent = nullptr);

  // WorkbenchTab
  void clearRun() override { rebuild(); }
  void newFrame() override { refresh(); }
  void applyTheme(const PlotTheme& plot, const ViewTheme& /*view*/) override { applyTheme(plot); }
  bool toggleFollowLive() override;
  QWidget* currentFigure() const override;

  void refresh();
  void rebuild();
  void applyTheme(const PlotTheme& theme);
  void setFollowLive(bool follow);
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
