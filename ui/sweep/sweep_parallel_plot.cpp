#include "sweep/sweep_parallel_plot.h"

#include <algorithm>
#include <cmath>

#include "rcmae/sweep/heat_map_render.h"

namespace rcmae::ui {

namespace {

double level_position(const std::vector<std::string>& values, const std::string& value) {
  const auto at = std::find(values.begin(), values.end(), value) - values.begin();
  return values.size() > 1 ? double(at) / double(values.size() - 1) : 0.5;
}

QString metric_text(SweepMetric metric, double value) {
  if (!std::isfinite(value)) return "-";
  return lower_is_better(metric) ? QString::number(value, 'f', 4)
                                 : QString::number(100 * value, 'f', 1) + "%";
}

}  // namespace

SweepParallelPlot::SweepParallelPlot(QWidget* parent)
    : ThemedPlot("Parallel coordinates", QString(), QString(), parent) {
  yAxis->setVisible(false);
  xAxis->grid()->setVisible(true);  // the vertical lines are the parameter axes
  yAxis->grid()->setVisible(false);
  axisRect()->setRangeDrag(Qt::Orientations());
  axisRect()->setRangeZoom(Qt::Orientations());
}

void SweepParallelPlot::clearLabels() {
  for (QCPAbstractItem* label : labels_) removeItem(label);
  labels_.clear();
}

void SweepParallelPlot::addLabel(double x, double y, const QString& text) {
  auto* label = new QCPItemText(this);
  label->position->setCoords(x, y);
  label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  label->setPadding(QMargins(4, 0, 0, 0));
  label->setText(text);
  label->setColor(theme().foreground);
  labels_.push_back(label);
}

void SweepParallelPlot::setReport(const SweepReport& report, SweepMetric metric) {
  clearGraphs();
  clearLabels();
  lines_.clear();
  axis_names_.clear();
  const std::vector<std::string> axes = swept_axes(report);
  for (const std::string& axis : axes) axis_names_ << QString::fromStdString(axis);
  axis_names_ << QString::fromStdString(to_string(metric));
  const int metric_axis = int(axes.size());

  double lo = INFINITY, hi = -INFINITY;
  for (const SweepRow& row : report.rows) {
    const double value = metric_value(row, metric);
    if (std::isfinite(value)) lo = std::min(lo, value), hi = std::max(hi, value);
  }
  auto metric_position = [&](double value) {
    if (!std::isfinite(value)) return std::nan("");
    return hi > lo ? (value - lo) / (hi - lo) : 0.5;
  };

  std::vector<std::vector<std::string>> axis_levels;
  // An axis's levels are evenly spaced from bottom to top: a grid's values are what was
  // chosen, so equal spacing reads better than a linear scale would.
  for (const std::string& axis : axes) axis_levels.push_back(axis_values(report, axis));
  for (const SweepRow& row : report.rows) {
    QVector<double> keys, values;
    for (size_t a = 0; a < axes.size(); ++a) {
      keys << double(a);
      values << level_position(axis_levels[a], row.point.value(axes[a]));
    }
    const double value = metric_value(row, metric);
    keys << double(metric_axis);
    values << metric_position(value);
    QCPGraph* line = addGraph();
    line->setData(keys, values, true);
    // Colour by how good the point is, on the heat map's scale without its palest end.
    const double good =
        std::isfinite(value)
            ? (lower_is_better(metric) ? 1.0 - metric_position(value) : metric_position(value))
            : 0.0;
    const Rgb c = heat_map_color(0.85 * good);
    line->setPen(QPen(std::isfinite(value) ? QColor(c.r, c.g, c.b) : QColor(160, 160, 160), 2.0));
    line->setName(QString::fromStdString(row.point.name));
    lines_[QString::fromStdString(row.point.name)] = line;
  }
  for (size_t a = 0; a < axes.size(); ++a)
    for (const std::string& level : axis_levels[a])
      addLabel(double(a), level_position(axis_levels[a], level), QString::fromStdString(level));
  if (std::isfinite(lo)) {
    addLabel(metric_axis, 0.0, metric_text(metric, lo));
    addLabel(metric_axis, 1.0, metric_text(metric, hi));
  }
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (int a = 0; a < axis_names_.size(); ++a) ticker->addTick(a, axis_names_[a]);
  xAxis->setTicker(ticker);
  fitView();
  requestReplot();
}

double SweepParallelPlot::position(const QString& point, int axis) const {
  if (!lines_.contains(point)) return std::nan("");
  const auto data = lines_[point]->data();
  return axis >= 0 && axis < data->size() ? (data->constBegin() + axis)->value : std::nan("");
}

void SweepParallelPlot::fitView() {
  xAxis->setRange(-0.3, std::max(1, int(axis_names_.size()) - 1) + 0.7);  // room for the labels
  yAxis->setRange(-0.08, 1.08);
}

}  // namespace rcmae::ui
