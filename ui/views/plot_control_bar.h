#pragma once
// The row of controls above a tab of time-series plots: smoothing, log y, x axis and
// follow live. Shared by the Curves and Teacher gradients tabs so both behave alike.
#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace rcmae::ui {

class TimeSeriesPlot;

// Which plots each control acts on. The x axis and follow live act on all of them.
struct PlotControlTargets {
  QList<TimeSeriesPlot*> all;
  QList<TimeSeriesPlot*> smoothed;
  QList<TimeSeriesPlot*> log_y;
};

class PlotControlBar : public QWidget {
  Q_OBJECT

 public:
  PlotControlBar(const PlotControlTargets& targets, const QString& log_y_tip,
                 QWidget* parent = nullptr);

  // Zooming one plot stops following on all of them: the x axes stay comparable.
  void setFollowLive(bool follow);
  bool followLive() const;
  double smoothing() const;
  void setSmoothing(double weight);  // 0 .. 0.999
  void setLogY(bool on);

 private:
  void onSmoothingChanged(int value);

  PlotControlTargets targets_;
  QSlider* smoothing_ = nullptr;
  QLabel* smoothing_value_ = nullptr;
  QCheckBox* log_y_ = nullptr;
  QComboBox* x_axis_ = nullptr;
  QCheckBox* follow_ = nullptr;
};

}  // namespace rcmae::ui
