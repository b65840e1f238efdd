#include "views/curves_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

#include "views/loss_plot_view.h"

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
  auto* plot = new TimeSeriesPlot(history, "Teacher–student distance",
                                  "‖θ − φ‖ / ‖θ‖", parent);
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

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(12, 10, 12, 12);
  layout->setSpacing(8);
  layout->addWidget(buildControls());
  layout->addLayout(grid, 1);

  for (TimeSeriesPlot* plot : plots_) {
    connect(plot, &TimeSeriesPlot::activated, this, [this](TimeSeriesPlot* p) { current_ = p; });
    // Zooming one plot stops following on all of them: the x axes stay comparable.
    connect(plot, &TimeSeriesPlot::followLiveChanged, this, &CurvesPanel::setFollowLive);
  }
  onSmoothingChanged(smoothing_->value());
}

QWidget* CurvesPanel::buildControls() {
  auto* bar = new QWidget(this);
  bar->setObjectName("plotControls");
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(10);

  auto* smoothing_label = new QLabel("Smoothing", bar);
  smoothing_ = new QSlider(Qt::Horizontal, bar);
  smoothing_->setRange(0, 999);
  smoothing_->setValue(600);
  smoothing_->setMaximumWidth(180);
  smoothing_->setToolTip(
      "Exponential moving average of the loss curves (0 = raw, 0.999 = very smooth).\n"
      "Debiased like TensorBoard, so early points are not pulled towards zero.\n"
      "The raw curve stays visible as a faint line underneath.");
  smoothing_value_ = new QLabel(bar);
  smoothing_value_->setMinimumWidth(44);
  connect(smoothing_, &QSlider::valueChanged, this, &CurvesPanel::onSmoothingChanged);

  log_y_ = new QCheckBox("Log y", bar);
  log_y_->setToolTip("Logarithmic loss axis: shows late, slow improvements that a linear axis flattens.");
  connect(log_y_, &QCheckBox::toggled, this, [this](bool on) { loss_->setLogY(on); });

  x_axis_ = new QComboBox(bar);
  x_axis_->addItem("Step", int(XAxis::Step));
  x_axis_->addItem("Images seen", int(XAxis::ImagesSeen));
  x_axis_->addItem("Wall time", int(XAxis::WallTime));
  x_axis_->setToolTip("What the horizontal axis counts: optimiser steps, training images, or seconds.");
  connect(x_axis_, &QComboBox::currentIndexChanged, this, [this] {
    for (TimeSeriesPlot* plot : plots_) plot->setXAxis(XAxis(x_axis_->currentData().toInt()));
  });

  follow_ = new QCheckBox("Follow live (F)", bar);
  follow_->setChecked(true);
  follow_->setToolTip("Keep the newest data in view. Dragging or zooming a plot turns this off;\n"
                      "double-click a plot to turn it back on.");
  connect(follow_, &QCheckBox::toggled, this, &CurvesPanel::setFollowLive);

  auto* hint = new QLabel("Right-click a plot to save or copy it", bar);
  hint->setObjectName("hint");

  row->addWidget(smoothing_label);
  row->addWidget(smoothing_);
  row->addWidget(smoothing_value_);
  row->addSpacing(8);
  row->addWidget(log_y_);
  row->addSpacing(8);
  row->addWidget(new QLabel("X axis", bar));
  row->addWidget(x_axis_);
  row->addSpacing(8);
  row->addWidget(follow_);
  row->addStretch(1);
  row->addWidget(hint);
  return bar;
}

void CurvesPanel::onSmoothingChanged(int value) {
  const double weight = value / 1000.0;
  smoothing_value_->setText(QString::number(weight, 'f', 3));
  loss_->setSmoothing(weight);
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

void CurvesPanel::setFollowLive(bool follow) {
  follow_->setChecked(follow);
  for (TimeSeriesPlot* plot : plots_) plot->setFollowLive(follow);
}

void CurvesPanel::toggleFollowLive() { setFollowLive(!follow_->isChecked()); }

}  // namespace rcmae::ui
