#include "runs/finetune_curve.h"

#include <algorithm>
#include <cmath>

namespace rcmae::ui {
namespace {

QSharedPointer<QCPDataContainer<QCPGraphData>> graph_data(const QVector<QPointF>& points) {
  auto data = QSharedPointer<QCPDataContainer<QCPGraphData>>::create();
  for (const QPointF& p : points) data->add(QCPGraphData(p.x(), p.y()));
  return data;
}

}  // namespace

FinetuneCurve::FinetuneCurve(QWidget* parent)
    : ThemedPlot("Fine-tuning so far (top-1 on 1,000 test images, on all after the last epoch)",
                 "epochs", "test top-1 (%)", parent) {
  yAxis2->setVisible(true);
  yAxis2->setLabel("training loss (dashed)");
  // Whole epochs: a top-1 is measured at the end of each.
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  xAxis->setTicker(ticker);
  // The legend joins the layout (above the axes) with the first curve: an empty legend
  // there would cap the plot's width at the title's (its maximum width is its margins).
  legend->setVisible(false);
  empty_note_ = new QCPItemText(this);
  empty_note_->position->setType(QCPItemPosition::ptAxisRectRatio);
  empty_note_->position->setCoords(0.5, 0.45);
  empty_note_->setPositionAlignment(Qt::AlignCenter);
  empty_note_->setText(
      "Start a fine-tune: each start's test top-1 and training loss\nappear here epoch by "
      "epoch, scratch beside the pretrained encoders.");
  setMinimumHeight(fontMetrics().height() * 13);
  fitView();
}

void FinetuneCurve::begin(const QString& start, int epochs) {
  Curves& curves = curves_[start];
  if (!curves.top1) {
    curves.top1 = addGraph(xAxis, yAxis);
    curves.loss = addGraph(xAxis, yAxis2);
    curves.colour = int(order_.size());
    order_ << start;
    curves.top1->setName(start + " top-1");
    curves.loss->setName(start + " loss");
    curves.loss->removeFromLegend();  // the dashed line in the same colour
  }
  curves.epochs = std::max(1, epochs);
  curves.top1_points.clear();
  curves.loss_points.clear();
  curves.running_loss = QPointF(-1, 0);
  current_ = start;
  style(curves);
  empty_note_->setVisible(false);
  if (!legendAboveAxes()) moveLegendAboveAxes();
  legend->setVisible(true);
  padLegend();
  redraw(curves);
}

void FinetuneCurve::addProgress(const FinetuneProgress& p) {
  if (!curves_.contains(current_) || p.total_steps < 1) return;
  Curves& curves = curves_[current_];
  const double at = double(curves.epochs) * double(p.step) / double(p.total_steps);
  if (p.test_top1) {  // the epoch's end: its mean loss and its test top-1
    curves.loss_points.push_back(QPointF(p.epoch, p.loss));
    curves.top1_points.push_back(QPointF(p.epoch, 100 * *p.test_top1));
    curves.running_loss = QPointF(-1, 0);
  } else if (std::isfinite(p.loss)) {
    curves.running_loss = QPointF(at, p.loss);
  }
  redraw(curves);
}

QVector<QPointF> FinetuneCurve::top1Points(const QString& start) const {
  return curves_.value(start).top1_points;
}

QVector<QPointF> FinetuneCurve::lossPoints(const QString& start) const {
  return lossPointsOf(curves_.value(start));
}

QVector<QPointF> FinetuneCurve::lossPointsOf(const Curves& curves) {
  QVector<QPointF> points = curves.loss_points;
  if (curves.running_loss.x() >= 0) points.push_back(curves.running_loss);
  return points;
}

void FinetuneCurve::style(Curves& curves) {
  const QColor colour = theme().series.value(curves.colour, theme().foreground);
  curves.top1->setPen(QPen(colour, 2.0));
  curves.top1->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 6));
  curves.loss->setPen(QPen(colour, 1.3, Qt::DashLine));
  curves.loss->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, 4));
}

void FinetuneCurve::redraw(Curves& curves) {
  curves.top1->setData(graph_data(curves.top1_points));
  curves.loss->setData(graph_data(lossPointsOf(curves)));
  if (!userMovedView()) fitView();
  requestReplot();
}

// Epochs from 0 to the longest queue entry; top-1 fitted to what was measured (a 10-point
// rise must read as one); the loss from 0, where it is heading.
void FinetuneCurve::fitView() {
  int epochs = 1;
  double top_lo = 100, top_hi = 0, loss_hi = 0;
  for (const Curves& curves : curves_) {
    epochs = std::max(epochs, curves.epochs);
    for (const QPointF& p : curves.top1_points) {
      top_lo = std::min(top_lo, p.y());
      top_hi = std::max(top_hi, p.y());
    }
    for (const QPointF& p : curves.loss_points) loss_hi = std::max(loss_hi, p.y());
    if (curves.running_loss.x() >= 0) loss_hi = std::max(loss_hi, curves.running_loss.y());
  }
  xAxis->setRange(0, epochs + 0.2);
  if (top_hi < top_lo) {
    yAxis->setRange(0, 100);
  } else {
    const double pad = std::max(1.0, 0.1 * (top_hi - top_lo));
    yAxis->setRange(std::max(0.0, top_lo - pad), std::min(100.0, top_hi + pad));
  }
  yAxis2->setRange(0, loss_hi > 0 ? 1.1 * loss_hi : 2.5);
}

void FinetuneCurve::applyTheme(const PlotTheme& theme) {
  ThemedPlot::applyTheme(theme);
  empty_note_->setColor(theme.foreground);
  for (Curves& curves : curves_) style(curves);
  requestReplot();
}

}  // namespace rcmae::ui
