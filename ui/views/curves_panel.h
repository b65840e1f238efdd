#pragma once
// The Curves tab: loss, learning rate, EMA momentum and teacher-student distance, with one
// row of controls shared by all plots (smoothing, log y, x axis, follow live).
#include <QWidget>

#include "metric_history.h"
#include "theme.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace rcmae::ui {

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
  QWidget* buildControls();
  void onSmoothingChanged(int value);

  QList<TimeSeriesPlot*> plots_;
  TimeSeriesPlot* loss_ = nullptr;
  TimeSeriesPlot* current_ = nullptr;
  QSlider* smoothing_ = nullptr;
  QLabel* smoothing_value_ = nullptr;
  QCheckBox* log_y_ = nullptr;
  QComboBox* x_axis_ = nullptr;
  QCheckBox* follow_ = nullptr;
};

}  // namespace rcmae::ui
