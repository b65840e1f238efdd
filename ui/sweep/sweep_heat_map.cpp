#include "sweep/sweep_heat_map.h"

#include <QMouseEvent>
#include <cmath>

#include "rcmae/sweep/heat_map_render.h"

namespace rcmae::ui {

namespace {

// The report's viridis scale, so the window and the PNG/SVG agree: yellow is best.
QCPColorGradient viridis(bool lower_is_better) {
  QCPColorGradient gradient;
  gradient.clearColorStops();
  for (int i = 0; i <= 8; ++i) {
    const Rgb c = heat_map_color(i / 8.0);
    const double position = lower_is_better ? 1.0 - i / 8.0 : i / 8.0;
    gradient.setColorStopAt(position, QColor(c.r, c.g, c.b));
  }
  gradient.setNanHandling(QCPColorGradient::nhTransparent);
  return gradient;
}

QString value_text(const HeatMapGrid& grid, double value) {
  if (!std::isfinite(value)) return "-";
  if (grid.percent) return QString::number(100 * value, 'f', 1) + "%";
  return QString::number(value, 'f', 4);
}

// A cell's range on an axis of n cells centred on 0..n-1 (one cell: -0.5..0.5 around 0).
QCPRange centres(int n) { return n > 1 ? QCPRange(0, n - 1) : QCPRange(-0.5, 0.5); }

QSharedPointer<QCPAxisTickerText> text_ticker(const std::vector<std::string>& labels) {
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (size_t i = 0; i < labels.size(); ++i)
    ticker->addTick(double(i), QString::fromStdString(labels[i]));
  return ticker;
}

}  // namespace

SweepHeatMap::SweepHeatMap(QWidget* parent) : ThemedPlot("Sweep", QString(), QString(), parent) {
  map_ = new QCPColorMap(xAxis, yAxis);
  map_->setInterpolate(false);
  map_->setTightBoundary(false);
  scale_ = new QCPColorScale(this);
  scale_->setType(QCPAxis::atRight);
  scale_->setBarWidth(10);
  plotLayout()->addElement(1, 1, scale_);
  map_->setColorScale(scale_);
  auto* margins = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
  axisRect()->setRangeDrag(Qt::Orientations());  // a grid of a few cells: nothing to pan
  axisRect()->setRangeZoom(Qt::Orientations());
  xAxis->grid()->setVisible(false);
  yAxis->grid()->setVisible(false);
  yAxis->setRangeReversed(true);  // first value on top, as in the report's PNG and SVG
  best_ = new QCPItemRect(this);
  best_->setPen(QPen(QColor(220, 40, 40), 3));
  best_->setVisible(false);
}

void SweepHeatMap::setGrid(const HeatMapGrid& grid) {
  grid_ = grid;
  const int nx = int(grid.x_values.size()), ny = int(grid.y_values.size());
  map_->data()->setSize(std::max(1, nx), std::max(1, ny));
  map_->data()->setRange(centres(nx), centres(ny));
  double lo = INFINITY, hi = -INFINITY;
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x) {
      const double value = grid.at(size_t(x), size_t(y));
      map_->data()->setCell(x, y, value);
      if (std::isfinite(value)) {
        lo = std::min(lo, value);
        hi = std::max(hi, value);
      }
    }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi <= lo) hi = lo + 1e-9;
  map_->setGradient(viridis(grid.lower_is_better));
  map_->setDataRange(QCPRange(lo, hi));
  scale_->axis()->setLabel(QString::fromStdString(grid.metric));
  xAxis->setTicker(text_ticker(grid.x_values));
  yAxis->setTicker(text_ticker(grid.y_axis.empty() ? std::vector<std::string>{""} : grid.y_values));
  xAxis->setLabel(QString::fromStdString(grid.x_axis));
  yAxis->setLabel(QString::fromStdString(grid.y_axis));
  drawLabels();
  fitView();
  requestReplot();
}

void SweepHeatMap::clearLabels() {
  for (QCPItemText* label : labels_) removeItem(label);
  labels_.clear();
}

void SweepHeatMap::drawLabels() {
  clearLabels();
  const int nx = int(grid_.x_values.size()), ny = int(grid_.y_values.size());
  const QCPRange range = map_->dataRange();
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx; ++x) {
      auto* label = new QCPItemText(this);
      label->position->setCoords(x, y);
      label->setText(cellText(x, y));
      // Dark ink on the light (yellow-green) end of the scale, white on the dark end.
      const QColor cell = map_->gradient().color(grid_.at(size_t(x), size_t(y)), range);
      label->setColor(qGray(cell.rgb()) > 140 || cell.alpha() == 0 ? QColor(20, 20, 20)
                                                                   : Qt::white);
      labels_.push_back(label);
    }
  best_->setVisible(grid_.best_x >= 0);
  if (grid_.best_x >= 0) {
    best_->topLeft->setCoords(grid_.best_x - 0.5, grid_.best_y + 0.5);
    best_->bottomRight->setCoords(grid_.best_x + 0.5, grid_.best_y - 0.5);
  }
}

QString SweepHeatMap::cellText(int x, int y) const {
  const size_t index = size_t(y) * grid_.x_values.size() + size_t(x);
  return value_text(grid_, grid_.cells[index]) + (grid_.stopped_early[index] ? "*" : "");
}

QString SweepHeatMap::pointAt(int x, int y) const {
  if (x < 0 || y < 0 || x >= int(grid_.x_values.size()) || y >= int(grid_.y_values.size()))
    return {};
  return QString::fromStdString(grid_.points[size_t(y) * grid_.x_values.size() + size_t(x)]);
}

QPoint SweepHeatMap::cellAtPixel(const QPoint& pixel) const {
  if (!axisRect()->rect().contains(pixel)) return {-1, -1};
  const int x = int(std::lround(xAxis->pixelToCoord(pixel.x())));
  const int y = int(std::lround(yAxis->pixelToCoord(pixel.y())));
  return pointAt(x, y).isEmpty() ? QPoint(-1, -1) : QPoint(x, y);
}

void SweepHeatMap::fitView() {
  xAxis->setRange(-0.5, std::max<size_t>(1, grid_.x_values.size()) - 0.5);
  yAxis->setRange(-0.5, std::max<size_t>(1, grid_.y_values.size()) - 0.5);
}

void SweepHeatMap::mousePressEvent(QMouseEvent* event) {
  ThemedPlot::mousePressEvent(event);
  if (event->button() != Qt::LeftButton) return;
  const QPoint cell = cellAtPixel(event->pos());
  if (cell.x() >= 0) Q_EMIT pointClicked(pointAt(cell.x(), cell.y()));
}

}  // namespace rcmae::ui
