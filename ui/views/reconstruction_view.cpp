#include "views/reconstruction_view.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace rcmae::ui {
namespace {
constexpr int kLegendHeight = 38;

QFont title_font(const QFont& base) {
  QFont title = base;
  title.setPointSizeF(base.pointSizeF() * 1.25);
  title.setWeight(QFont::DemiBold);
  return title;
}

// Title line plus two lines of note, in the widget's font: nothing is clipped at any font
// size (presentation mode, high DPI).
int header_height(const QFont& base) {
  return QFontMetrics(title_font(base)).height() + 4 + 2 * QFontMetrics(base).lineSpacing() + 4;
}
}  // namespace

ReconstructionView::ReconstructionView(QWidget* parent)
    : QWidget(parent), theme_(view_theme(ThemeName::Light)) {
  setObjectName("reconstructionView");
  setMouseTracking(false);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ReconstructionView::setSnapshot(const session::SnapshotPtr& snapshot) {
  snapshot_ = snapshot;
  images_ = snapshot ? render_snapshot(*snapshot) : SnapshotImages{};
  if (images_.count > 0) selected_ = std::clamp(selected_, 0, images_.count - 1);
  update();
}

void ReconstructionView::clear() { setSnapshot(nullptr); }

void ReconstructionView::setTheme(const ViewTheme& theme) {
  theme_ = theme;
  update();
}

void ReconstructionView::setSelectedImage(int index) {
  if (index == selected_) return;
  selected_ = index;
  update();
  Q_EMIT imageSelected(index);
}

ReconstructionView::Layout ReconstructionView::computeLayout() const {
  Layout l;
  const QRect area = rect().adjusted(16, 8, -16, -8);
  const int header_h = header_height(font());
  l.header = QRect(area.left(), area.top(), area.width(), header_h);
  l.label_width = std::max(110, fontMetrics().horizontalAdvance("Visible pasted") + 20);
  const int columns = std::max(1, images_.count);
  const int avail_w = area.width() - l.label_width;
  const int avail_h = area.height() - header_h - kLegendHeight - 8;
  // Square tiles as large as fit, with a gap proportional to the tile.
  const int by_w = avail_w / columns;
  const int by_h = avail_h / kSnapshotRows;
  const int cell = std::max(8, std::min(by_w, by_h));
  l.gap = std::max(3, cell / 14);
  l.tile = cell - l.gap;
  const int grid_w = columns * cell;
  l.origin = QPoint(area.left() + l.label_width + std::max(0, (avail_w - grid_w) / 2),
                    area.top() + header_h + 4);
  l.legend = QRect(l.origin.x(), l.origin.y() + kSnapshotRows * cell + 6,
                   std::min(grid_w - l.gap, 360), 12);
  return l;
}

QRect ReconstructionView::tileRect(const Layout& l, int row, int column) const {
  const int cell = l.tile + l.gap;
  return QRect(l.origin.x() + column * cell, l.origin.y() + row * cell, l.tile, l.tile);
}

void ReconstructionView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), theme_.canvas);
  if (!snapshot_) {
    paintPlaceholder(painter);
    return;
  }
  const Layout l = computeLayout();
  paintHeader(painter, l);
  // Nearest-neighbour scaling keeps patch borders crisp: blur would hide the mask grid.
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  for (int row = 0; row < kSnapshotRows; ++row) {
    const QRect label(l.header.left(), tileRect(l, row, 0).top(), l.label_width - 12, l.tile);
    painter.setPen(images_.rows[row].isEmpty() ? theme_.muted : theme_.text);
    painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter, row_title(SnapshotRow(row)));
    for (int i = 0; i < images_.count; ++i) {
      const QRect tile = tileRect(l, row, i);
      if (images_.rows[row].isEmpty()) {
        painter.setPen(QPen(theme_.muted, 1, Qt::DotLine));
        painter.drawRect(tile.adjusted(0, 0, -1, -1));
        if (i == 0) painter.drawText(tile.adjusted(4, 0, 0, 0), Qt::AlignVCenter | Qt::TextWordWrap, "no teacher (MAE)");
        continue;
      }
      painter.drawImage(tile, images_.rows[row][i]);
    }
  }
  // Highlight the column the mask view shows.
  const QRect top = tileRect(l, 0, selected_);
  const QRect bottom = tileRect(l, kSnapshotRows - 1, selected_);
  painter.setPen(QPen(theme_.accent, 2));
  painter.setBrush(Qt::NoBrush);
  painter.drawRoundedRect(top.united(bottom).adjusted(-l.gap / 2 - 1, -l.gap / 2 - 1, l.gap / 2 + 1, l.gap / 2 + 1), 4, 4);
  paintLegend(painter, l);
}

void ReconstructionView::paintHeader(QPainter& painter, const Layout& l) const {
  const QFont title = title_font(font());
  const int title_h = QFontMetrics(title).height();
  painter.setFont(title);
  painter.setPen(theme_.text);
  const QString heading = QString("Step %1  ·  mask ratio %2")
                              .arg(snapshot_->step)
                              .arg(snapshot_->mask_ratio, 0, 'f', 2);
  painter.drawText(QRect(l.header.left(), l.header.top(), l.header.width(), title_h),
                   Qt::AlignLeft | Qt::AlignVCenter, heading);
  painter.setFont(font());
  painter.setPen(theme_.muted);
  const QString note = snapshot_->norm_pix
      ? "Same demo images and mask seed at every snapshot. Shown in [0,1] display space; norm-pix "
        "predictions are un-normalised with each patch's own mean and std."
      : "Same demo images and mask seed at every snapshot. Shown in [0,1] display space "
        "(plain pixel targets).";
  // Two lines at most: a narrow window gets the short form, then an elided line.
  const QRect note_rect = l.header.adjusted(0, title_h + 4, 0, 0);
  const QFontMetrics metrics(font());
  const int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
  QString shown = note;
  for (const QString& candidate : {note, QString("Same demo images and mask at every snapshot.")}) {
    shown = candidate;
    if (metrics.boundingRect(note_rect, flags, candidate).height() <= note_rect.height()) break;
  }
  if (metrics.boundingRect(note_rect, flags, shown).height() > note_rect.height())
    shown = metrics.elidedText(shown, Qt::ElideRight, note_rect.width());
  painter.drawText(note_rect, flags, shown);
}

void ReconstructionView::paintLegend(QPainter& painter, const Layout& l) const {
  if (l.legend.width() < 60) return;
  QLinearGradient gradient(l.legend.topLeft(), l.legend.topRight());
  for (int i = 0; i <= 10; ++i) gradient.setColorAt(i / 10.0, heat_color(i / 10.0));
  painter.fillRect(l.legend, gradient);
  painter.setPen(theme_.muted);
  const QRect text(l.legend.left(), l.legend.bottom() + 2, l.legend.width(), 18);
  painter.drawText(text, Qt::AlignLeft | Qt::AlignTop, "0");
  painter.drawText(text, Qt::AlignHCenter | Qt::AlignTop, "per-patch MSE");
  painter.drawText(text, Qt::AlignRight | Qt::AlignTop, QString::number(images_.error_max, 'g', 3));
}

void ReconstructionView::paintPlaceholder(QPainter& painter) const {
  painter.setPen(theme_.muted);
  painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   "Press Start (Space) to train.\nReconstructions of a fixed demo batch appear here.");
}

void ReconstructionView::mousePressEvent(QMouseEvent* event) {
  if (!snapshot_) return;
  const Layout l = computeLayout();
  for (int i = 0; i < images_.count; ++i) {
    const QRect column = tileRect(l, 0, i).united(tileRect(l, kSnapshotRows - 1, i));
    if (column.contains(event->pos())) setSelectedImage(i);
  }
}

bool ReconstructionView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip && snapshot_) {
    auto* help = static_cast<QHelpEvent*>(event);
    const Layout l = computeLayout();
    for (int row = 0; row < kSnapshotRows; ++row) {
      const QRect band(0, tileRect(l, row, 0).top(), width(), l.tile);
      if (band.contains(help->pos())) {
        QToolTip::showText(help->globalPos(), row_tooltip(SnapshotRow(row)), this);
        return true;
      }
    }
    QToolTip::hideText();
    return true;
  }
  return QWidget::event(event);
}

}  // namespace rcmae::ui
