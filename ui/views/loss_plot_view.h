#pragma once
// Total, reconstruction and consistency loss of the current run.
#include "plots/time_series_plot.h"

namespace rcmae::ui {

class LossPlotView : public TimeSeriesPlot {
  Q_OBJECT

 public:
  explicit LossPlotView(const MetricHistory* history, QWidget* parent = nullptr);
};

}  // namespace rcmae::ui
