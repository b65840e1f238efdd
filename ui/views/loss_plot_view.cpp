#include "views/loss_plot_view.h"

namespace rcmae::ui {

LossPlotView::LossPlotView(const MetricHistory* history, QWidget* parent)
    : TimeSeriesPlot(history, "Loss", "loss (MSE, target space)", parent) {
  setObjectName("lossPlot");
  addSeries({"total", 0, [](const StepRecord& r) { return r.loss; }, true});
  addSeries({"reconstruction", 1, [](const StepRecord& r) { return r.loss_rec; }, true});
  // In MAE mode there is no teacher; the consistency term is exactly 0 and not drawn.
  addSeries({"consistency", 2,
             [](const StepRecord& r) { return r.loss_cons > 0 ? r.loss_cons : std::nan(""); },
             true});
}

}  // namespace rcmae::ui
