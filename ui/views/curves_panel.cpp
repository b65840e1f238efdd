#include "views/curves_panel.h"

#include <QGridLayout>
#include <QVBoxLayout>

#include "views/loss_plot_view.h"
#include "views/plot_control_bar.h"

namespace rcmae::ui {
namespace {

TimeSeriesPlot* make_lr_plot(const MetricHistory* history, QWidget* parent) {
  auto* plot = new TimeSeriesPlot(history, "Learning rate", "lr (warmup + cosine)", parent);
  plot->setObjectName("lrPlot");
  plot->addSeries({"lr", 3, [](const StepRecord& r) { return r.lr; }, false});
  return plot;
}

TimeSeriesPlot* make_momentum_plot(const MetricHistory* history, QWidget* parent) {
  auto* plot = new TimeSeriesPlot(history, "EMA momentum", "effective momentum m", parent);
  plot->setObjectName("momentumPlot");
  plot->yAxis->setNumberPrecision(6);  // 0.996 vs 0.9996 must be told apart
  plot->addSeries({"momentum", 4, [](const StepRecord& r) { return r.momentum; }, false});
  return plot;
}

TimeSeriesPlot* make_distance_plot(const MetricHistory* history, QWidget* parent) {
  auto* plot = new TimeSeriesPlot(history, "Teacher–student distance", "‖θ − φ‖ / ‖θ‖", parent);
  plot->setObjectName("distancePlot");
  // Measured every few steps only (NaN otherwise), so there is no raw/smoothed pair.
  plot->addSeries({"distance", 5, [](const StepRecord& r) { return r.teacher_distance; }, false});
  return plot;
}

}  // namespace

CurvesPanel::CurvesPanel(const MetricHistory* history, QWidget* parent) : QWidget(parent) {
  loss_ = new LossPlotView(history, this);
  plots_ = {loss_, make_lr_plot(history, this), make_momentum_plot(history, this),
            make_distance_plot(history, this)};
  current_ = loss_;

  auto* grid = new QGridLayout;
  grid->setSpacing(10);
  grid->addWidget(plots_[0], 0, 0, 1, 3);
  grid->addWidget(plots_[1], 1, 0);
  grid->addWidget(plots_[2], 1, 1);
  grid->addWidget(plots_[3], 1, 2);
  grid->setRowStretch(0, 3);
  grid->setRowStretch(1, 2);

  controls_ = new PlotControlBar(
      {plots_, {loss_}, {loss_}},
      "Logarithmic loss axis: shows late, slow improvements that a linear axis flattens.", this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(12, 10, 12, 12);
  layout->setSpacing(8);
  layout->addWidget(controls_);
  layout->addLayout(grid, 1);

  for (TimeSeriesPlot* plot : plots_)
    connect(plot, &ThemedPlot::activated, this, [this, plot] { current_ = plot; });
}

void CurvesPanel::refresh() {
  for (TimeSeriesPlot* plot : plots_) plot->refresh();
}

void CurvesPanel::rebuild() {
  for (TimeSeriesPlot* plot : plots_) plot->rebuild();
}

void CurvesPanel::applyTheme(const PlotTheme& theme) {
  for (TimeSeriesPlot* plot : plots_) plot->applyTheme(theme);
}

void CurvesPanel::setFollowLive(bool follow) { controls_->setFollowLive(follow); }

bool CurvesPanel::toggleFollowLive() {
  setFollowLive(!controls_->followLive());
  return true;
}

QWidget* CurvesPanel::currentFigure() const { return current_; }

}  // namespace rcmae::ui
