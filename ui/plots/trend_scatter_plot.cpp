#include "plots/trend_scatter_plot.h"

#include <algorithm>
#include <cmath>

#include "plots/color_gradients.h"

namespace rcmae::ui {
namespace {
constexpr int kStepBands = 12;  // enough to read early vs. late; few graphs to draw
}  // namespace

TrendScatterPlot::TrendScatterPlot(const QString& title, const QString& x_label,
                                   const QString& y_label, QWidget* parent)
    : ThemedPlot(title, x_label, y_label, parent) {
  xAxis->setNumberFormat("g");
  xAxis->setNumberPrecision(4);  // feature similarities crowd near 1: 0.995 vs 0.999
  for (int i = 0; i < kStepBands; ++i) {
    QCPGraph* band = addGraph();
    band->setLineStyle(QCPGraph::lsNone);
    band->removeFromLegend();
    bands_ << band;
  }
  trend_ = addGraph();
  trend_->setName("least-squares fit");
  slope_label_ = new QCPItemText(this);
  slope_label_->position->setType(QCPItemPosition::ptAxisRectRatio);
  slope_label_->position->setCoords(0.02, 0.03);
  slope_label_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  slope_label_->setTextAlignment(Qt::AlignLeft);
  slope_label_->setPadding(QMargins(6, 3, 6, 3));
  slope_label_->setClipToAxisRect(true);

  step_scale_ = new QCPColorScale(this);
  step_scale_->setType(QCPAxis::atRight);
  step_scale_->setBarWidth(8);
  step_scale_->axis()->setLabel("step");
  step_scale_->axis()->setNumberFormat("f");
  step_scale_->axis()->setNumberPrecision(0);
  plotLayout()->addElement(1, 1, step_scale_);
  // The scale bar spans the plot's height exactly.
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  step_scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  setZeroLinesVisible(true);
  applyTheme(theme());
  redraw();
}

void TrendScatterPlot::setPoints(const QVector<ScatterPoint>& points) {
  points_ = points;
  redraw();
}

QString TrendScatterPlot::slopeText() const {
  if (!fit_) return "trend: needs two measurements with different s(t)";
  return QString("trend slope %1\nr = %2 · n = %3")
      .arg(fit_->slope, 0, 'g', 3)
      .arg(fit_->r, 0, 'f', 2)
      .arg(fit_->count);
}

void TrendScatterPlot::redraw() {
  double first = 0, last = 1;
  if (!points_.isEmpty()) {
    auto [lo, hi] =
        std::minmax_element(points_.begin(), points_.end(),
                            [](const auto& a, const auto& b) { return a.step < b.step; });
    first = lo->step;
    last = std::max(hi->step, first + 1);
  }
  QVector<QVector<double>> xs(kStepBands), ys(kStepBands);
  QVector<QPointF> cloud;
  for (const ScatterPoint& p : points_) {
    const int band =
        std::clamp(int((p.step - first) / (last - first) * kStepBands), 0, kStepBands - 1);
    xs[band] << p.x;
    ys[band] << p.y;
    cloud << QPointF(p.x, p.y);
  }
  for (int i = 0; i < kStepBands; ++i) bands_[i]->setData(xs[i], ys[i]);
  step_scale_->setDataRange(QCPRange(first, last));

  fit_ = fit_line(cloud);
  trend_->data()->clear();
  if (fit_) {
    auto [lo, hi] =
        std::minmax_element(cloud.begin(), cloud.end(),
                            [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    trend_->addData(lo->x(), fit_->slope * lo->x() + fit_->intercept);
    trend_->addData(hi->x(), fit_->slope * hi->x() + fit_->intercept);
  }
  slope_label_->setText(slopeText());
  if (!userMovedView()) fitView();
  requestReplot();
}

void TrendScatterPlot::fitView() {
  if (points_.isEmpty()) return;
  rescaleAxes();
  for (QCPAxis* axis : {xAxis, yAxis}) {
    const QCPRange range = axis->range();
    const double pad = std::max(range.size() * 0.08, 1e-3);
    axis->setRange(range.lower - pad, range.upper + pad);
  }
}

void TrendScatterPlot::styleData() {
  QCPColorGradient gradient = step_gradient(theme());  // color() is not const
  for (int i = 0; i < kStepBands; ++i) {
    const QColor color = gradient.color((i + 0.5) / kStepBands, QCPRange(0, 1));
    QColor fill = color;
    fill.setAlpha(170);  // overlapping points stay distinguishable
    bands_[i]->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color, 1.2), fill, 7));
    bands_[i]->setPen(Qt::NoPen);
  }
  step_scale_->setGradient(gradient);
  trend_->setPen(QPen(theme().foreground, 2.0, Qt::DashLine));
  slope_label_->setColor(theme().foreground);
  QColor box = theme().background;
  box.setAlpha(220);
  slope_label_->setBrush(box);
  QFont font = this->font();
  font.setWeight(QFont::DemiBold);
  slope_label_->setFont(font);
}

void TrendScatterPlot::applyTheme(const PlotTheme& theme) {
  ThemedPlot::applyTheme(theme);
  if (!trend_) return;  // during construction
  styleData();
  requestReplot();
}

}  // namespace rcmae::ui
