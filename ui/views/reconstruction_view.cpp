#include "views/reconstruction_view.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace rcmae::ui {
namespace {
constexpr int kErrorLegendHeight = 38;
// Visible patches of the prediction rows keep 35 % of their ink: still readable, plainly
// not the part the model is judged on.
constexpr int kVisibleVeilAlpha =
    int(0.8 * 255);  // light enough to read as "not part of the result"

QFont title_font(const QFont& base) {
  QFont title = base;
  // The presentation stage sizes its fonts in pixels, the desk in points.
  if (base.pixelSize() > 0)
    title.setPixelSize(int(base.pixelSize() * 1.25 + 0.5));
  else
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
  const Placement wanted = paper_requested_ ? Placement::Paper : Placement::Honest;
  images_ = snapshot ? render_snapshot(*snapshot, wanted) : SnapshotImages{};
  if (shownImages() > 0) selected_ = std::clamp(selected_, 0, shownImages() - 1);
  update();
}

void ReconstructionView::clear() { setSnapshot(nullptr); }

void ReconstructionView::setPaperView(bool on) {
  if (on == paper_requested_) return;
  paper_requested_ = on;
  setSnapshot(snapshot_);  // converts the snapshot again with the other placement
}

bool ReconstructionView::paperViewAvailable() const {
  return snapshot_ && has_paper_view(*snapshot_);
}

QRect ReconstructionView::tileGeometry(SnapshotRow row, int column) const {
  if (int(row) >= shown_rows_ || column >= shownImages()) return {};
  return tileRect(computeLayout(), int(row), column);
}

void ReconstructionView::setShownRows(int rows) {
  shown_rows_ = rows > 0 ? std::min(rows, kSnapshotRows) : kSnapshotRows;
  update();
}

void ReconstructionView::setMaxImages(int images) {
  max_images_ = std::max(0, images);
  if (shownImages() > 0) selected_ = std::clamp(selected_, 0, shownImages() - 1);
  update();
}

int ReconstructionView::shownImages() const {
  return max_images_ > 0 ? std::min(images_.count, max_images_) : images_.count;
}

// The error legend belongs to the Error row; without that row it takes no room.
bool ReconstructionView::showsErrorRow() const { return shown_rows_ > int(SnapshotRow::Error); }

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
  const int columns = std::max(1, shownImages());
  const int avail_w = area.width() - l.label_width;
  const int avail_h = area.height() - header_h - (showsErrorRow() ? kErrorLegendHeight : 0) - 8;
  // Square tiles as large as fit, with a gap proportional to the tile.
  const int by_w = avail_w / columns;
  const int by_h = avail_h / shown_rows_;
  const int cell = std::max(8, std::min(by_w, by_h));
  l.gap = std::max(3, cell / 14);
  l.tile = cell - l.gap;
  const int grid_w = columns * cell;
  l.origin = QPoint(area.left() + l.label_width + std::max(0, (avail_w - grid_w) / 2),
                    area.top() + header_h + 4);
  if (showsErrorRow())
    l.legend = QRect(l.origin.x(), l.origin.y() + shown_rows_ * cell + 6,
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
  for (int row = 0; row < shown_rows_; ++row) {
    const QRect label(l.header.left(), tileRect(l, row, 0).top(), l.label_width - 12, l.tile);
    painter.setPen(images_.rows[row].isEmpty() ? theme_.muted : theme_.text);
    painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter, row_title(SnapshotRow(row)));
    if (images_.rows[row].isEmpty() && shownImages() > 0) {
      // One box across the row: the words fit there, not in one small tile.
      const QRect row_span = tileRect(l, row, 0).united(tileRect(l, row, shownImages() - 1));
      painter.setPen(QPen(theme_.muted, 1, Qt::DotLine));
      painter.drawRect(row_span.adjusted(0, 0, -1, -1));
      painter.drawText(row_span, Qt::AlignCenter, "no teacher in an MAE run");
      continue;
    }
    for (int i = 0; i < shownImages(); ++i) {
      const QRect tile = tileRect(l, row, i);
      painter.drawImage(tile, images_.rows[row][i]);
      if (dims_visible_patches(SnapshotRow(row))) dimVisiblePatches(painter, tile, i);
    }
  }
  // Highlight the column the mask view shows.
  const QRect top = tileRect(l, 0, selected_);
  const QRect bottom = tileRect(l, shown_rows_ - 1, selected_);
  painter.setPen(QPen(theme_.accent, 2));
  painter.setBrush(Qt::NoBrush);
  painter.drawRoundedRect(
      top.united(bottom).adjusted(-l.gap / 2 - 1, -l.gap / 2 - 1, l.gap / 2 + 1, l.gap / 2 + 1), 4,
      4);
  paintLegend(painter, l);
}

// Covers each visible patch (mask 0) with the canvas colour: the image shows through at
// 20 %. Patch edges are rounded per patch, so a tile not divisible by the grid has no gaps.
void ReconstructionView::dimVisiblePatches(QPainter& painter, const QRect& tile, int image) const {
  const ReconstructionSnapshot& s = *snapshot_;
  const int cells = s.grid * s.grid;
  if (s.grid <= 0 || s.mask.size() < size_t(image + 1) * cells) return;
  QColor veil = theme_.canvas;
  veil.setAlpha(kVisibleVeilAlpha);
  const uint8_t* mask = s.mask.data() + size_t(image) * cells;
  auto edge = [&](int start, int extent, int k) {
    return start + (extent * k + s.grid / 2) / s.grid;
  };
  for (int gy = 0; gy < s.grid; ++gy) {
    const int top = edge(tile.top(), tile.height(), gy),
              bottom = edge(tile.top(), tile.height(), gy + 1);
    for (int gx = 0; gx < s.grid; ++gx) {
      if (mask[gy * s.grid + gx]) continue;  // hidden: what the loss trains, drawn in full
      const int left = edge(tile.left(), tile.width(), gx),
                right = edge(tile.left(), tile.width(), gx + 1);
      painter.fillRect(QRect(QPoint(left, top), QPoint(right - 1, bottom - 1)), veil);
    }
  }
}

// What the prediction rows show, in words: a figure saved or printed must say it too.
QString ReconstructionView::caption() const {
  const QString dimmed = "Visible patches dimmed: the loss does not train them.";
  if (images_.placement == Placement::Paper)
    return "Paper view: hidden predictions un-normalised with each hidden patch's TRUE mean and "
           "std, "
           "which the model never had. " +
           dimmed;
  if (snapshot_->norm_pix)
    return "Norm-pix predictions placed with the visible patches' mean and std (what the model "
           "knows). " +
           dimmed;
  return "Pixel targets, shown in [0,1] display space. Same demo images and masks at every "
         "snapshot. " +
         dimmed;
}

void ReconstructionView::paintHeader(QPainter& painter, const Layout& l) const {
  const QFont title = title_font(font());
  const int title_h = QFontMetrics(title).height();
  painter.setFont(title);
  painter.setPen(theme_.text);
  QString heading = QString("Step %1  ·  mask ratio %2")
                        .arg(snapshot_->step)
                        .arg(snapshot_->mask_ratio, 0, 'f', 2);
  if (images_.placement == Placement::Paper)
    heading += "  ·  paper view";  // the caption says what it is
  painter.drawText(QRect(l.header.left(), l.header.top(), l.header.width(), title_h),
                   Qt::AlignLeft | Qt::AlignVCenter, heading);
  painter.setFont(font());
  painter.setPen(theme_.muted);
  const QString note = caption();
  // Two lines at most: a narrow window gets the short form, then an elided line.
  const QRect note_rect = l.header.adjusted(0, title_h + 4, 0, 0);
  const QFontMetrics metrics(font());
  const int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
  const QString short_note =
      images_.placement == Placement::Paper
          ? "Paper view: true patch statistics. Visible patches dimmed."
      : snapshot_->norm_pix
          ? "Placed with visible patches' mean/std. Visible patches dimmed (not trained)."
          : "Visible patches dimmed: not trained.";
  QString shown = note;
  for (const QString& candidate : {note, short_note}) {
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
  painter.drawText(
      rect(), Qt::AlignCenter | Qt::TextWordWrap,
      "Press Start (Space) to train.\nReconstructions of a fixed demo batch appear here.");
}

int ReconstructionView::imageAt(const QPoint& pos) const {
  if (!snapshot_) return -1;
  const Layout l = computeLayout();
  for (int i = 0; i < shownImages(); ++i)
    if (tileRect(l, 0, i).united(tileRect(l, shown_rows_ - 1, i)).contains(pos)) return i;
  return -1;
}

QImage ReconstructionView::tileImage(SnapshotRow row, int column) const {
  const QVector<QImage>& images = images_.rows[int(row)];
  return column >= 0 && column < images.size() ? images[column] : QImage();
}

void ReconstructionView::mousePressEvent(QMouseEvent* event) {
  const int image = imageAt(event->pos());
  if (image >= 0) setSelectedImage(image);
}

void ReconstructionView::mouseMoveEvent(QMouseEvent* event) {
  const int image = imageAt(event->pos());
  if (image != hovered_) Q_EMIT imageHovered(hovered_ = image);
  QWidget::mouseMoveEvent(event);
}

void ReconstructionView::leaveEvent(QEvent* event) {
  if (hovered_ != -1) Q_EMIT imageHovered(hovered_ = -1);
  QWidget::leaveEvent(event);
}

bool ReconstructionView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip && snapshot_) {
    auto* help = static_cast<QHelpEvent*>(event);
    const Layout l = computeLayout();
    for (int row = 0; row < shown_rows_; ++row) {
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
