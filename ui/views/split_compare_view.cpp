#include "views/split_compare_view.h"

#include <QFontMetrics>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "views/snapshot_images.h"

namespace rcmae::ui {
namespace {
constexpr int kDifferenceLegendHeight = 34;
// As in the grid: visible patches keep a fifth of their ink, plainly not what is judged.
constexpr int kHiddenVeilAlpha = int(0.8 * 255);

QImage as_rgb(const QImage& image) {
  return image.format() == QImage::Format_RGB32 ? image
                                                : image.convertToFormat(QImage::Format_RGB32);
}

// Mean of |a − b| over the three channels, in [0, 1].
double pixel_difference(QRgb a, QRgb b) {
  return (std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) +
          std::abs(qBlue(a) - qBlue(b))) /
         (3.0 * 255.0);
}

QString symbol(const SplitSide& side) { return side.symbol.isEmpty() ? side.label : side.symbol; }

bool hidden(const SplitSide& side, int image, int x, int y, int size) {
  if (side.grid <= 0 || side.mask.size() < size_t(image + 1) * side.grid * side.grid) return true;
  const int gx = x * side.grid / size, gy = y * side.grid / size;
  return side.mask[size_t(image) * side.grid * side.grid + gy * side.grid + gx] != 0;
}
}  // namespace

SplitCompareView::SplitCompareView(QWidget* parent)
    : QWidget(parent), theme_(view_theme(ThemeName::Light)) {
  setObjectName("splitCompareView");
  setFocusPolicy(Qt::StrongFocus);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setToolTip(
      "Drag the divider, or click here and use ← → (Shift: a patch at a time; Home / End: all\n"
      "one side). The visible patches are dimmed on both sides: no loss trains them.");
  setAccessibleName("Side-by-side comparison");
  setAccessibleDescription(
      "Left and right reconstructions split by a divider; Left and Right arrow keys move it");
}

void SplitCompareView::setSides(const SplitSide& left, const SplitSide& right) {
  left_ = left;
  right_ = right;
  const int size = imageSize();
  // The divider stays where the user put it; the first images get it in the middle.
  if (size > 0 && (divider_ < 0 || divider_ > size)) divider_ = size / 2;
  setCursor(comparable() && mode_ == Mode::Split ? Qt::SplitHCursor : Qt::ArrowCursor);
  update();
}

void SplitCompareView::clear() { setSides({}, {}); }

void SplitCompareView::setTitle(const QString& title) {
  title_ = title;
  update();
}

void SplitCompareView::setPlaceholder(const QString& text) {
  placeholder_ = text;
  update();
}

void SplitCompareView::setTheme(const ViewTheme& theme) {
  theme_ = theme;
  update();
}

void SplitCompareView::setMode(Mode mode) {
  mode_ = mode;
  setCursor(comparable() && mode_ == Mode::Split ? Qt::SplitHCursor : Qt::ArrowCursor);
  update();
}

void SplitCompareView::setDivider(int column) {
  const int clamped = std::clamp(column, 0, std::max(0, imageSize()));
  if (clamped == divider_) return;
  divider_ = clamped;
  update();
  Q_EMIT dividerMoved(divider_);
}

int SplitCompareView::imageSize() const {
  if (!left_.images.isEmpty()) return left_.images.front().width();
  return right_.images.isEmpty() ? 0 : right_.images.front().width();
}

int SplitCompareView::imageCount() const {
  return int(std::max(left_.images.size(), right_.images.size()));
}

bool SplitCompareView::comparable() const {
  return !left_.images.isEmpty() && left_.images.size() == right_.images.size() &&
         left_.images.front().size() == right_.images.front().size();
}

QString SplitCompareView::missingMessage() const {
  if (comparable()) return {};
  if (left_.images.isEmpty() && right_.images.isEmpty()) {
    const QString both = QStringList{left_.missing, right_.missing}.join("\n").trimmed();
    return both.isEmpty() ? placeholder_ : both;
  }
  if (right_.images.isEmpty()) return right_.missing;
  if (left_.images.isEmpty()) return left_.missing;
  return "The two sides have different images (image size or count) and cannot be split.";
}

QImage SplitCompareView::composite(int index) const {
  if (!comparable() || index < 0 || index >= left_.images.size()) return {};
  QImage out = as_rgb(left_.images[index]).copy();
  const QImage right = as_rgb(right_.images[index]);
  for (int y = 0; y < out.height(); ++y) {
    auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
    const auto* source = reinterpret_cast<const QRgb*>(right.constScanLine(y));
    for (int x = std::max(0, divider_); x < out.width(); ++x) line[x] = source[x];
  }
  return out;
}

QImage SplitCompareView::differenceImage(int index) const {
  if (!comparable() || index < 0 || index >= left_.images.size()) return {};
  const QImage left = as_rgb(left_.images[index]), right = as_rgb(right_.images[index]);
  QImage out(left.size(), QImage::Format_RGB32);
  for (int y = 0; y < out.height(); ++y) {
    const auto* a = reinterpret_cast<const QRgb*>(left.constScanLine(y));
    const auto* b = reinterpret_cast<const QRgb*>(right.constScanLine(y));
    auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < out.width(); ++x)
      line[x] = heat_color(pixel_difference(a[x], b[x]) / kDifferenceScale).rgb();
  }
  return out;
}

// Over the pixels both sides had to predict: what a loss could have shaped.
double SplitCompareView::meanHiddenDifference() const {
  if (!comparable()) return std::nan("");
  double sum = 0, all_sum = 0;
  qint64 count = 0, all_count = 0;
  const int size = imageSize();
  for (int i = 0; i < left_.images.size(); ++i) {
    const QImage left = as_rgb(left_.images[i]), right = as_rgb(right_.images[i]);
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const double d = pixel_difference(left.pixel(x, y), right.pixel(x, y));
        all_sum += d;
        ++all_count;
        if (hidden(left_, i, x, y, size) && hidden(right_, i, x, y, size)) {
          sum += d;
          ++count;
        }
      }
  }
  return count > 0 ? sum / double(count) : all_sum / double(std::max<qint64>(1, all_count));
}

SplitCompareView::Layout SplitCompareView::computeLayout() const {
  Layout l;
  const QRect area = rect().adjusted(12, 8, -12, -8);
  const QFontMetrics metrics(font());
  const int line = metrics.lineSpacing();
  // The title, then the mean difference on a line of its own: a narrow view elides words,
  // never the number.
  l.header = QRect(area.left(), area.top(), area.width(), int(line * 1.3) + 2 + line);
  l.labels = QRect(area.left(), l.header.bottom() + 4, area.width(), line + 2);
  const int legend_h = mode_ == Mode::Difference ? kDifferenceLegendHeight : 0;
  l.tiles = QRect(QPoint(area.left(), l.labels.bottom() + 6),
                  QPoint(area.right(), area.bottom() - legend_h));
  const int count = std::max(1, imageCount());
  // As many columns as give the largest square tiles: 8 images become 2 rows of 4 in a
  // squarish area and one row of 8 in a wide one.
  int best = 0;
  for (int columns = 1; columns <= count; ++columns) {
    const int rows = (count + columns - 1) / columns;
    const int cell = std::min(l.tiles.width() / columns, l.tiles.height() / rows);
    if (cell > best) {
      best = cell;
      l.columns = columns;
    }
  }
  l.gap = std::max(4, best / 12);
  l.tile = std::max(8, best - l.gap);
  if (mode_ == Mode::Difference)
    l.legend = QRect(l.tiles.left() + l.tiles.width() / 2 - 180,
                     area.bottom() - kDifferenceLegendHeight + 8, 360, 10);
  return l;
}

QRect SplitCompareView::tileRect(const Layout& l, int index) const {
  const int cell = l.tile + l.gap;
  const int rows = (std::max(1, imageCount()) + l.columns - 1) / l.columns;
  // The block of tiles centred in its area.
  const int left = l.tiles.left() + std::max(0, (l.tiles.width() - l.columns * cell + l.gap) / 2);
  const int top = l.tiles.top() + std::max(0, (l.tiles.height() - rows * cell + l.gap) / 2);
  return QRect(left + (index % l.columns) * cell, top + (index / l.columns) * cell, l.tile, l.tile);
}

QRect SplitCompareView::tileGeometry(int index) const {
  if (!comparable() || index < 0 || index >= imageCount()) return {};
  return tileRect(computeLayout(), index);
}

void SplitCompareView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), theme_.canvas);
  const Layout l = computeLayout();
  paintHeader(painter, l);
  if (!comparable()) {
    paintMessage(painter, l.tiles, missingMessage());
    return;
  }
  paintSideLabels(painter, l);
  // Nearest-neighbour scaling keeps the pixel columns the divider separates crisp.
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  for (int i = 0; i < imageCount(); ++i) paintTile(painter, tileRect(l, i), i);
  if (mode_ == Mode::Difference) paintLegend(painter, l);
  if (hasFocus()) {
    painter.setPen(QPen(theme_.accent, 1, Qt::DotLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(rect().adjusted(1, 1, -2, -2));
  }
}

void SplitCompareView::paintHeader(QPainter& painter, const Layout& l) const {
  QFont title = font();
  title.setWeight(QFont::DemiBold);
  painter.setFont(title);
  painter.setPen(theme_.text);
  const QFontMetrics title_metrics(title);
  const QRect title_line(l.header.left(), l.header.top(), l.header.width(),
                         title_metrics.height() + 2);
  painter.drawText(title_line, Qt::AlignLeft | Qt::AlignVCenter,
                   title_metrics.elidedText(title_, Qt::ElideRight, title_line.width()));
  painter.setFont(font());
  const double mean = meanHiddenDifference();
  if (std::isnan(mean)) return;
  const QString number = QString::number(mean, 'f', 3);
  const QString words =
      QString("mean |%1 − %2| over the hidden pixels: ").arg(symbol(left_), symbol(right_));
  const QFontMetrics metrics(font());
  const QRect mean_line(l.header.left(), title_line.bottom() + 1, l.header.width(),
                        metrics.lineSpacing());
  painter.setPen(theme_.muted);
  painter.drawText(mean_line, Qt::AlignLeft | Qt::AlignVCenter,
                   metrics.elidedText(words, Qt::ElideMiddle,
                                      mean_line.width() - metrics.horizontalAdvance(number)) +
                       number);
}

void SplitCompareView::paintSideLabels(QPainter& painter, const Layout& l) const {
  // Over the block of tiles, so each name sits above its own side.
  const QRect first = tileRect(l, 0);
  const QRect last = tileRect(l, std::min(l.columns, imageCount()) - 1);
  const QRect band(first.left(), l.labels.top(), last.right() - first.left() + 1,
                   l.labels.height());
  const QFontMetrics metrics(font());
  painter.setPen(theme_.text);
  if (mode_ == Mode::Difference) {
    painter.drawText(
        band, Qt::AlignCenter,
        metrics.elidedText(
            QString("|%1 − %2| per pixel (mean over channels)").arg(symbol(left_), symbol(right_)),
            Qt::ElideRight, band.width()));
    return;
  }
  const QString left = "◀ " + left_.label, right = right_.label + " ▶";
  const QString hint =
      QString("divider at column %1 of %2 · drag or ← →").arg(divider_).arg(imageSize());
  // The hint in the middle only where it fits between the two names; the names come first.
  const int names = metrics.horizontalAdvance(left) + metrics.horizontalAdvance(right);
  const bool room_for_hint = names + metrics.horizontalAdvance(hint) + 40 <= band.width();
  const int half = band.width() / 2 - 6;
  painter.drawText(band, Qt::AlignLeft | Qt::AlignVCenter,
                   metrics.elidedText(left, Qt::ElideRight, half));
  painter.drawText(band, Qt::AlignRight | Qt::AlignVCenter,
                   metrics.elidedText(right, Qt::ElideRight, half));
  if (!room_for_hint) return;
  painter.setPen(theme_.muted);
  painter.drawText(band, Qt::AlignCenter, hint);
}

void SplitCompareView::paintTile(QPainter& painter, const QRect& tile, int index) const {
  const int size = imageSize();
  if (mode_ == Mode::Difference) {
    painter.drawImage(tile, differenceImage(index));
    dimVisiblePatches(painter, tile, left_, index, 0, size);
    return;
  }
  painter.drawImage(tile, composite(index));
  dimVisiblePatches(painter, tile, left_, index, 0, divider_);
  dimVisiblePatches(painter, tile, right_, index, divider_, size);
  paintDividerLine(painter, tile);
}

void SplitCompareView::paintDividerLine(QPainter& painter, const QRect& tile) const {
  const int x = tile.left() + divider_ * tile.width() / std::max(1, imageSize());
  painter.setPen(QPen(theme_.accent, 2));
  painter.drawLine(x, tile.top() - 2, x, tile.bottom() + 2);
  // A grip in the middle says the line can be moved.
  const QRect grip(x - 4, tile.center().y() - 9, 8, 18);
  painter.setBrush(theme_.accent);
  painter.setPen(QPen(theme_.canvas, 1));
  painter.drawRoundedRect(grip, 3, 3);
  painter.setBrush(Qt::NoBrush);
}

// Veils the visible patches (mask 0) of `side` between image columns [from, to).
void SplitCompareView::dimVisiblePatches(QPainter& painter, const QRect& tile,
                                         const SplitSide& side, int image, int from_column,
                                         int to_column) const {
  const int size = imageSize();
  const int cells = side.grid * side.grid;
  if (side.grid <= 0 || size <= 0 || side.mask.size() < size_t(image + 1) * cells ||
      from_column >= to_column)
    return;
  QColor veil = theme_.canvas;
  veil.setAlpha(kHiddenVeilAlpha);
  auto x_of = [&](int column) { return tile.left() + column * tile.width() / size; };
  auto y_of = [&](int row) { return tile.top() + row * tile.height() / size; };
  const uint8_t* mask = side.mask.data() + size_t(image) * cells;
  for (int gy = 0; gy < side.grid; ++gy)
    for (int gx = 0; gx < side.grid; ++gx) {
      if (mask[gy * side.grid + gx]) continue;  // hidden: what the loss trains, drawn in full
      const int left = std::max(from_column, gx * size / side.grid);
      const int right = std::min(to_column, (gx + 1) * size / side.grid);
      if (left >= right) continue;
      painter.fillRect(QRect(QPoint(x_of(left), y_of(gy * size / side.grid)),
                             QPoint(x_of(right) - 1, y_of((gy + 1) * size / side.grid) - 1)),
                       veil);
    }
}

void SplitCompareView::paintLegend(QPainter& painter, const Layout& l) const {
  QLinearGradient gradient(l.legend.topLeft(), l.legend.topRight());
  for (int i = 0; i <= 10; ++i) gradient.setColorAt(i / 10.0, heat_color(i / 10.0));
  painter.fillRect(l.legend, gradient);
  painter.setPen(theme_.muted);
  const QRect text(l.legend.left(), l.legend.bottom() + 2, l.legend.width(),
                   QFontMetrics(font()).height());
  painter.drawText(text, Qt::AlignLeft | Qt::AlignTop, "0");
  painter.drawText(text, Qt::AlignHCenter | Qt::AlignTop, "|difference| (images in [0, 1])");
  painter.drawText(text, Qt::AlignRight | Qt::AlignTop, QString("≥ %1").arg(kDifferenceScale));
}

void SplitCompareView::paintMessage(QPainter& painter, const QRect& area,
                                    const QString& text) const {
  painter.setPen(theme_.muted);
  painter.drawText(area.adjusted(20, 0, -20, 0), Qt::AlignCenter | Qt::TextWordWrap, text);
}

void SplitCompareView::keyPressEvent(QKeyEvent* event) {
  if (!comparable() || mode_ != Mode::Split) return QWidget::keyPressEvent(event);
  // One image column per press; Shift moves a patch's worth at a time.
  const int step = event->modifiers() & Qt::ShiftModifier ? std::max(1, imageSize() / 7) : 1;
  switch (event->key()) {
    case Qt::Key_Left:
      setDivider(divider_ - step);
      break;
    case Qt::Key_Right:
      setDivider(divider_ + step);
      break;
    case Qt::Key_Home:
      setDivider(0);
      break;
    case Qt::Key_End:
      setDivider(imageSize());
      break;
    default:
      return QWidget::keyPressEvent(event);
  }
  event->accept();
}

int SplitCompareView::tileAt(const QPoint& pos) const {
  const Layout l = computeLayout();
  for (int i = 0; i < imageCount(); ++i)
    if (tileRect(l, i).adjusted(-l.gap / 2, -l.gap / 2, l.gap / 2, l.gap / 2).contains(pos))
      return i;
  return -1;
}

void SplitCompareView::mousePressEvent(QMouseEvent* event) {
  setFocus(Qt::MouseFocusReason);
  if (!comparable() || mode_ != Mode::Split || event->button() != Qt::LeftButton) return;
  drag_tile_ = tileAt(event->pos());
  dragTo(event->pos());
}

void SplitCompareView::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton) dragTo(event->pos());
}

void SplitCompareView::mouseReleaseEvent(QMouseEvent*) { drag_tile_ = -1; }

// The divider follows the pointer in the image it was grabbed in, even past its edges.
void SplitCompareView::dragTo(const QPoint& pos) {
  if (drag_tile_ < 0) return;
  const QRect tile = tileGeometry(drag_tile_);
  if (tile.isEmpty()) return;
  setDivider(int(std::lround(double(pos.x() - tile.left()) * imageSize() / tile.width())));
}

}  // namespace rcmae::ui
