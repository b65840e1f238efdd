#include "views/plot_control_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <cmath>

#include "plots/time_series_plot.h"

namespace rcmae::ui {

PlotControlBar::PlotControlBar(const PlotControlTargets& targets, const QString& log_y_tip,
                               QWidget* parent)
    : QWidget(parent), targets_(targets) {
  setObjectName("plotControls");
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(10);

  auto* smoothing_label = new QLabel("Smoothing", this);
  smoothing_ = new QSlider(Qt::Horizontal, this);
  smoothing_->setRange(0, 999);
  smoothing_->setValue(600);
  smoothing_->setMaximumWidth(180);
  smoothing_->setMinimumWidth(90);
  smoothing_->setToolTip(
      "Exponential moving average of the curves (0 = raw, 0.999 = very smooth).\n"
      "Debiased like TensorBoard, so early points are not pulled towards zero.\n"
      "The raw curve stays visible as a faint line underneath.");
  smoothing_value_ = new QLabel(this);
  smoothing_value_->setMinimumWidth(44);
  connect(smoothing_, &QSlider::valueChanged, this, &PlotControlBar::onSmoothingChanged);

  log_y_ = new QCheckBox("Log &y", this);  // Alt+Y
  log_y_->setToolTip(log_y_tip);
  connect(log_y_, &QCheckBox::toggled, this, [this](bool on) {
    for (TimeSeriesPlot* plot : targets_.log_y) plot->setLogY(on);
  });

  x_axis_ = new QComboBox(this);
  x_axis_->addItem("Step", int(XAxis::Step));
  x_axis_->addItem("Images seen", int(XAxis::ImagesSeen));
  x_axis_->addItem("Wall time", int(XAxis::WallTime));
  x_axis_->setToolTip(
      "What the horizontal axis counts: optimiser steps, training images, or seconds.");
  connect(x_axis_, &QComboBox::currentIndexChanged, this, [this] {
    for (TimeSeriesPlot* plot : targets_.all) plot->setXAxis(XAxis(x_axis_->currentData().toInt()));
  });

  follow_ = new QCheckBox("Follow live (F)", this);
  follow_->setChecked(true);
  follow_->setToolTip(
      "Keep the newest data in view. Dragging or zooming a plot turns this off;\n"
      "double-click a plot to turn it back on.");
  connect(follow_, &QCheckBox::toggled, this, &PlotControlBar::setFollowLive);

  row->addWidget(smoothing_label);
  row->addWidget(smoothing_);
  row->addWidget(smoothing_value_);
  row->addSpacing(8);
  row->addWidget(log_y_);
  row->addSpacing(8);
  auto* x_axis_label = new QLabel("&X axis", this);  // Alt+X focuses the list
  x_axis_label->setBuddy(x_axis_);
  row->addWidget(x_axis_label);
  row->addWidget(x_axis_);
  row->addSpacing(8);
  row->addWidget(follow_);
  row->addStretch(1);

  for (TimeSeriesPlot* plot : targets_.all) {
    connect(plot, &TimeSeriesPlot::followLiveChanged, this, &PlotControlBar::setFollowLive);
    plot->setToolTip(
        "Drag to pan, wheel to zoom, double-click to follow live again.\n"
        "Right-click to save as PNG, SVG or PDF, or copy to the clipboard.");
  }
  onSmoothingChanged(smoothing_->value());
}

void PlotControlBar::onSmoothingChanged(int value) {
  const double weight = value / 1000.0;
  smoothing_value_->setText(QString::number(weight, 'f', 3));
  for (TimeSeriesPlot* plot : targets_.smoothed) plot->setSmoothing(weight);
}

void PlotControlBar::setFollowLive(bool follow) {
  follow_->setChecked(follow);
  for (TimeSeriesPlot* plot : targets_.all) plot->setFollowLive(follow);
}

bool PlotControlBar::followLive() const { return follow_->isChecked(); }
double PlotControlBar::smoothing() const { return smoothing_->value() / 1000.0; }
void PlotControlBar::setSmoothing(double weight) {
  smoothing_->setValue(int(std::lround(weight * 1000)));
}
void PlotControlBar::setLogY(bool on) { log_y_->setChecked(on); }

}  // namespace rcmae::ui
