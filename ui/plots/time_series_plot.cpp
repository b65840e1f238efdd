#include "plots/time_series_plot.h"

#include <QMenu>
#include <algorithm>
#include <cmath>

namespace rcmae::ui {

TimeSeriesPlot::TimeSeriesPlot(const MetricHistory* history, const QString& title,
                               const QString& y_label, QWidget* parent)
    : ThemedPlot(title, axis_label(XAxis::Step), y_label, parent), history_(history) {}

void TimeSeriesPlot::addSeries(const SeriesSpec& spec) {
  Series series;
  series.spec = spec;
  series.raw = addGraph();
  series.raw->setName(spec.name);
  if (spec.smoothed) {
    series.smooth = addGraph();
    series.smooth->setName(spec.name);
    series.raw->removeFromLegend();  // the legend names the solid (smoothed) line
  }
  series.smoother.reset(smoothing_);
  styleSeries(series);
  series_.push_back(series);
  legend->setVisible(series_.size() > 1);
  padLegend();
}

void TimeSeriesPlot::styleSeries(Series& series) {
  const QColor color = theme().series.value(series.spec.color_index, theme().foreground);
  if (series.smooth) {
    QColor faint = color;
    faint.setAlpha(70);  // the raw curve stays visible but quiet underneath
    series.raw->setPen(QPen(faint, 1.0));
    series.smooth->setPen(QPen(color, 2.0));
  } else {
    series.raw->setPen(QPen(color, 2.0));
  }
}

void TimeSeriesPlot::applyTheme(const PlotTheme& theme) {
  ThemedPlot::applyTheme(theme);
  for (Series& series : series_) styleSeries(series);
  for (Marker& marker : markers_) {
    marker.line->setPen(QPen(theme.marker, 1, Qt::DashLine));
    marker.label->setColor(theme.marker);
  }
  requestReplot();
}

int TimeSeriesPlot::pointCount(int index) const {
  const Series& series = series_.at(index);
  return (series.smooth ? series.smooth : series.raw)->dataCount();
}

void TimeSeriesPlot::setXAxis(XAxis axis) {
  if (axis == x_axis_) return;
  x_axis_ = axis;
  xAxis->setLabel(axis_label(axis));
  rebuild();
}

void TimeSeriesPlot::setSmoothing(double weight) {
  if (weight == smoothing_) return;
  smoothing_ = weight;
  rebuild();
}

void TimeSeriesPlot::setLogY(bool log_y) {
  if (log_y == log_y_) return;
  log_y_ = log_y;
  if (log_y) {
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  } else {
    yAxis->setScaleType(QCPAxis::stLinear);
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  }
  rebuild();  // points <= 0 are skipped on a log axis, so the data must be re-read
}

void TimeSeriesPlot::setFollowLive(bool follow) {
  if (follow == follow_live_) return;
  follow_live_ = follow;
  if (follow) {
    fitToData();
    requestReplot();
  }
  Q_EMIT followLiveChanged(follow);
}

void TimeSeriesPlot::stopFollowing() { setFollowLive(false); }

void TimeSeriesPlot::rebuild() {
  for (Series& series : series_) {
    series.raw->data()->clear();
    if (series.smooth) series.smooth->data()->clear();
    series.smoother.reset(smoothing_);
  }
  for (Marker& marker : markers_) {
    removeItem(marker.line);
    removeItem(marker.label);
  }
  markers_.clear();
  drawn_records_ = 0;
  drawn_events_ = 0;
  generation_ = history_->generation();
  appendRecords(0);
  placeMarkers();
  fitToData();
  requestReplot();
}

void TimeSeriesPlot::refresh() {
  if (generation_ != history_->generation()) {
    rebuild();
    return;
  }
  const bool new_records = history_->size() > drawn_records_;
  const bool new_events = history_->events().size() > drawn_events_;
  if (!new_records && !new_events) return;
  appendRecords(drawn_records_);
  placeMarkers();
  fitToData();
  requestReplot();
}

void TimeSeriesPlot::appendRecords(int from) {
  const int count = history_->size();
  QVector<double> keys, raw_values, smooth_values;
  for (Series& series : series_) {
    keys.clear();
    raw_values.clear();
    smooth_values.clear();
    for (int i = from; i < count; ++i) {
      const StepRecord& record = history_->at(i);
      const double value = series.spec.metric(record);
      // NaN marks "not measured this step" (teacher distance, momentum without teacher).
      if (!std::isfinite(value) || (log_y_ && value <= 0)) continue;
      keys.push_back(MetricHistory::x(record, x_axis_));
      raw_values.push_back(value);
      if (series.smooth) smooth_values.push_back(series.smoother.add(value));
    }
    series.raw->addData(keys, raw_values, true);
    if (series.smooth) series.smooth->addData(keys, smooth_values, true);
  }
  drawn_records_ = count;
}

void TimeSeriesPlot::placeMarkers() {
  const auto& events = history_->events();
  for (int i = drawn_events_; i < events.size(); ++i) {
    Marker marker;
    marker.event = events[i];
    marker.line = new QCPItemStraightLine(this);
    marker.line->setPen(QPen(theme().marker, 1, Qt::DashLine));
    marker.label = new QCPItemText(this);
    marker.label->setText(event_label(events[i]));
    marker.label->setColor(theme().marker);
    marker.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    marker.label->setPadding(QMargins(4, 1, 4, 1));
    for (QCPItemPosition* p : {marker.line->point1, marker.line->point2, marker.label->position}) {
      p->setTypeX(QCPItemPosition::ptPlotCoords);
      p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    markers_.push_back(marker);
  }
  drawn_events_ = events.size();
  // Several changes at one step stack their labels instead of overprinting.
  QHash<int64_t, int> stacked;
  for (Marker& marker : markers_) {
    const auto x = history_->xForStep(marker.event.step, x_axis_);
    marker.line->setVisible(bool(x));
    marker.label->setVisible(bool(x));
    if (!x) continue;
    const int row = stacked[marker.event.step]++;
    marker.line->point1->setCoords(*x, 0);
    marker.line->point2->setCoords(*x, 1);
    marker.label->position->setCoords(*x, 0.02 + 0.08 * row);
  }
}

void TimeSeriesPlot::fitToData() {
  if (!follow_live_ || history_->empty()) return;
  constexpr double kFlat = 1e-12;
  // rescaleAxes() keeps the current span for a constant series (EMA momentum without a
  // schedule), so padding it every frame grew it without bound. Start from a tiny span and
  // give a flat series ±1 % of its value instead.
  if (!log_y_) yAxis->setRange(0, kFlat);
  rescaleAxes();
  if (!log_y_) {
    QCPRange range = yAxis->range();
    if (range.size() <= kFlat * 1.001) {
      const double half = std::max(std::abs(range.center()) * 0.01, 1e-3);
      range = QCPRange(range.center() - half, range.center() + half);
    }
    const double pad = std::max(range.size() * 0.06, 1e-12);
    yAxis->setRange(range.lower - pad, range.upper + pad);
  } else {
    yAxis->scaleRange(1.1, yAxis->range().center());
  }
}

void TimeSeriesPlot::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) stopFollowing();  // the user is panning
  ThemedPlot::mousePressEvent(event);
}

void TimeSeriesPlot::wheelEvent(QWheelEvent* event) {
  stopFollowing();
  ThemedPlot::wheelEvent(event);
}

void TimeSeriesPlot::mouseDoubleClickEvent(QMouseEvent* event) {
  setFollowLive(true);                        // a quick way back after zooming
  QCustomPlot::mouseDoubleClickEvent(event);  // following live replaces the base refit
}

void TimeSeriesPlot::extendContextMenu(QMenu& menu) {
  menu.addSeparator();
  QAction* follow = menu.addAction("Follow live", this, [this](bool on) { setFollowLive(on); });
  follow->setCheckable(true);
  follow->setChecked(follow_live_);
}

}  // namespace rcmae::ui
