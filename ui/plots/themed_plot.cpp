#include "plots/themed_plot.h"

#include <QMenu>
#include <algorithm>

#include "frame_budget.h"
#include "plots/plot_data_csv.h"
#include "plots/plot_export.h"

namespace rcmae::ui {

ThemedPlot::ThemedPlot(const QString& title, const QString& x_label, const QString& y_label,
                       QWidget* parent)
    : QCustomPlot(parent), title_(title), theme_(plot_theme(ThemeName::Light)) {
  plotLayout()->insertRow(0);
  title_element_ =
      new QCPTextElement(this, title, QFont(font().family(), font().pointSize(), QFont::DemiBold));
  plotLayout()->addElement(0, 0, title_element_);
  xAxis->setLabel(x_label);
  yAxis->setLabel(y_label);
  yAxis->setNumberFormat("g");
  yAxis->setNumberPrecision(3);
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  setNoAntialiasingOnDrag(true);
  legend->setVisible(false);
  legend->setBrush(Qt::NoBrush);
  legend->setBorderPen(Qt::NoPen);
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  setContextMenuPolicy(Qt::CustomContextMenu);
  connect(this, &QWidget::customContextMenuRequested, this, &ThemedPlot::showContextMenu);
  setMinimumSize(260, 180);
  setPlottingHint(QCP::phFastPolylines, true);
  // Live views redraw only as often as drawing stays cheap (frame_budget.h).
  connect(this, &QCustomPlot::afterReplot, this, [this] { frame_budget().addCost(replotTime()); });
  syncFonts();
  // Subclasses restyle their data in their own applyTheme; at construction only the
  // base frame exists, so the base version is the right one to call here.
  ThemedPlot::applyTheme(theme_);
}

void ThemedPlot::styleAxis(QCPAxis* axis) const {
  axis->setBasePen(QPen(theme_.foreground, 1));
  axis->setTickPen(QPen(theme_.foreground, 1));
  axis->setSubTickPen(QPen(theme_.foreground, 1));
  axis->setTickLabelColor(theme_.foreground);
  axis->setLabelColor(theme_.foreground);
  axis->grid()->setPen(QPen(theme_.grid, 1, Qt::SolidLine));
  axis->grid()->setSubGridPen(QPen(theme_.subgrid, 1, Qt::DotLine));
  QColor zero = theme_.foreground;
  zero.setAlpha(110);
  axis->grid()->setZeroLinePen(zero_lines_ ? QPen(zero, 1) : QPen(Qt::NoPen));
}

// QCustomPlot sizes a legend entry with QFontMetrics but draws it with the painter's
// (hinted) glyph advances, and clips the entry to the measured size: long names such as
// "reconstruction" lost their last letters. A right margin of ~15 % of the name absorbs
// the difference.
void ThemedPlot::padLegend() {
  const QFontMetrics metrics(legend->font());
  for (int i = 0; i < legend->itemCount(); ++i) {
    auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i));
    if (!item) continue;
    item->setFont(legend->font());
    const int extra = int(0.15 * metrics.horizontalAdvance(item->plottable()->name())) + 4;
    item->setMargins(QMargins(8, 2, 8 + extra, 2));
  }
}

void ThemedPlot::setZeroLinesVisible(bool visible) {
  zero_lines_ = visible;
  for (QCPAxis* axis : axisRect()->axes()) styleAxis(axis);
  requestReplot();
}

void ThemedPlot::applyTheme(const PlotTheme& theme) {
  theme_ = theme;
  setBackground(theme.background);
  axisRect()->setBackground(theme.background);
  for (QCPAxis* axis : axisRect()->axes()) styleAxis(axis);
  // Colour scales (heat maps, step colouring) have an axis of their own.
  for (int i = 0; i < plotLayout()->elementCount(); ++i) {
    if (auto* scale = qobject_cast<QCPColorScale*>(plotLayout()->elementAt(i))) {
      styleAxis(scale->axis());
      scale->axis()->grid()->setVisible(false);
    }
  }
  title_element_->setTextColor(theme.foreground);
  legend->setTextColor(theme.foreground);
  legend->setFont(font());
  padLegend();
  requestReplot();
}

void ThemedPlot::requestReplot() {
  if (!isVisible()) {
    dirty_ = true;  // drawing a hidden plot is wasted work; catch up in showEvent
    return;
  }
  dirty_ = false;
  replot(QCustomPlot::rpQueuedReplot);
}

void ThemedPlot::showEvent(QShowEvent* event) {
  QCustomPlot::showEvent(event);
  if (dirty_) requestReplot();
}

// A short plot (the loss under the reconstructions, presentation fonts) gets fewer y ticks,
// so its labels never run into each other.
void ThemedPlot::resizeEvent(QResizeEvent* event) {
  QCustomPlot::resizeEvent(event);
  constexpr int kPixelsPerTick = 45;
  yAxis->ticker()->setTickCount(std::clamp(height() / kPixelsPerTick, 2, 5));
  // ...and lays its legend out in a row instead of a column that would cover the curves.
  constexpr int kShortPlotPx = 230;
  const bool row = legend_above_axes_ || (height() < kShortPlotPx && !legend_in_column_);
  legend->setFillOrder(row ? QCPLayoutGrid::foColumnsFirst : QCPLayoutGrid::foRowsFirst, true);
}

void ThemedPlot::moveLegendAboveAxes() {
  axisRect()->insetLayout()->take(legend);
  plotLayout()->insertRow(1);
  plotLayout()->addElement(1, 0, legend);
  plotLayout()->setRowStretchFactor(1, 0.001);
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  legend_above_axes_ = true;
}

void ThemedPlot::mousePressEvent(QMouseEvent* event) {
  Q_EMIT activated(this);
  if (event->button() == Qt::LeftButton) user_moved_view_ = true;  // panning
  QCustomPlot::mousePressEvent(event);
}

void ThemedPlot::wheelEvent(QWheelEvent* event) {
  Q_EMIT activated(this);
  user_moved_view_ = true;
  QCustomPlot::wheelEvent(event);
}

void ThemedPlot::changeEvent(QEvent* event) {
  QCustomPlot::changeEvent(event);
  if (event->type() == QEvent::FontChange) {
    syncFonts();
    requestReplot();
  }
}

void ThemedPlot::syncFonts() {
  QFont title = font();
  title.setWeight(QFont::DemiBold);
  title_element_->setFont(title);
  QList<QCPAxis*> axes = axisRect()->axes();
  for (int i = 0; i < plotLayout()->elementCount(); ++i)
    if (auto* scale = qobject_cast<QCPColorScale*>(plotLayout()->elementAt(i)))
      axes << scale->axis();
  for (QCPAxis* axis : axes) {
    axis->setLabelFont(font());
    axis->setTickLabelFont(font());
    // Text is measured a little smaller than it is drawn; keep labels clear of the edge.
    axis->setPadding(QFontMetrics(font()).height() / 3);
  }
  legend->setFont(font());
  padLegend();
}

void ThemedPlot::mouseDoubleClickEvent(QMouseEvent* event) {
  user_moved_view_ = false;
  fitView();
  requestReplot();
  QCustomPlot::mouseDoubleClickEvent(event);
}

void ThemedPlot::showContextMenu(const QPoint& pos) {
  Q_EMIT activated(this);
  QMenu menu(this);
  menu.addAction("Save as PNG…", this,
                 [this] { save_plot_with_dialog(this, this, title_, "png"); });
  menu.addAction("Save as SVG…", this,
                 [this] { save_plot_with_dialog(this, this, title_, "svg"); });
  menu.addAction("Save as PDF…", this,
                 [this] { save_plot_with_dialog(this, this, title_, "pdf"); });
  menu.addAction("Copy to clipboard", this, [this] { copy_plot_to_clipboard(this); });
  menu.addAction("Save data as CSV…", this,
                 [this] { save_plot_data_with_dialog(this, this, title_); });
  extendContextMenu(menu);
  menu.exec(mapToGlobal(pos));
}

}  // namespace rcmae::ui
