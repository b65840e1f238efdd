#include "views/attention_view.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

#include "views/snapshot_images.h"

namespace rcmae::ui {
namespace {
constexpr int kAttentionLegendHeight = 38;
// The colour covers the image at 60 %: strong enough to read the map, weak enough that the
// garment still shows through and a student can say what the attended patch contains.
constexpr int kOverlayAlpha = 153;
// Hidden patches keep a faint trace of the image under the hatching, so the garment stays
// recognisable while no colour claims an attention value the encoder never had.
constexpr int kHiddenAlpha = 190;

QFont title_font(const QFont& base) {
  QFont title = base;
  if (base.pixelSize() > 0)
    title.setPixelSize(int(base.pixelSize() * 1.25 + 0.5));
  else
    title.setPointSizeF(base.pointSizeF() * 1.25);
  title.setWeight(QFont::DemiBold);
  return title;
}

int header_height(const QFont& base) {
  return QFontMetrics(title_font(base)).height() + 4 + 2 * QFontMetrics(base).lineSpacing() + 4;
}

// Patch k of a grid x grid tile, with edges rounded per patch so the tile has no gaps.
QRect patch_rect(const QRect& tile, int grid, int gx, int gy) {
  auto edge = [grid](int start, int extent, int k) {
    return start + (extent * k + grid / 2) / grid;
  };
  return QRect(QPoint(edge(tile.left(), tile.width(), gx), edge(tile.top(), tile.height(), gy)),
               QPoint(edge(tile.left(), tile.width(), gx + 1) - 1,
                      edge(tile.top(), tile.height(), gy + 1) - 1));
}

float largest_patch_share(const QVector<float>& values) {
  return values.size() > 1 ? *std::max_element(values.begin() + 1, values.end()) : 0.0f;
}
}  // namespace

AttentionView::AttentionView(QWidget* parent)
    : QWidget(parent), theme_(view_theme(ThemeName::Light)) {
  setObjectName("attentionView");
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void AttentionView::setSnapshot(const session::SnapshotPtr& snapshot) {
  snapshot_ = snapshot;
  originals_.clear();
  if (snapshot_)
    for (int i = 0; i < snapshot_->count; ++i)
      originals_.push_back(
          plane_to_image(snapshot_->original, i, snapshot_->channels, snapshot_->size));
  rebuildRows();
}

void AttentionView::setSelection(const AttentionSelection& selection) {
  selection_ = selection;
  rebuildRows();
}

void AttentionView::rebuildRows() {
  const AttentionMaps* maps = snapshot_ ? attention_maps(*snapshot_, selection_.encoder) : nullptr;
  rows_ = maps ? attention_rows(*maps, selection_) : QVector<AttentionRow>{};
  update();
}

void AttentionView::setTheme(const ViewTheme& theme) {
  theme_ = theme;
  update();
}

AttentionView::Layout AttentionView::computeLayout() const {
  Layout l;
  const QRect area = rect().adjusted(16, 8, -16, -8);
  const int header_h = header_height(font());
  l.header = QRect(area.left(), area.top(), area.width(), header_h);
  l.label_width = std::max(100, fontMetrics().horizontalAdvance("Rollout") + 24);
  const int columns = std::max(1, int(originals_.size()));
  const int avail_w = area.width() - l.label_width;
  const int avail_h = area.height() - header_h - kAttentionLegendHeight - 8;
  const int cell = std::max(8, std::min(avail_w / columns, avail_h / gridRows()));
  l.gap = std::max(3, cell / 14);
  l.tile = cell - l.gap;
  const int grid_w = columns * cell;
  l.origin = QPoint(area.left() + l.label_width + std::max(0, (avail_w - grid_w) / 2),
                    area.top() + header_h + 4);
  l.legend =
      QRect(l.origin.x(), l.origin.y() + gridRows() * cell + 6, std::min(grid_w - l.gap, 360), 12);
  return l;
}

QRect AttentionView::tileRect(const Layout& l, int grid_row, int column) const {
  const int cell = l.tile + l.gap;
  return QRect(l.origin.x() + column * cell, l.origin.y() + grid_row * cell, l.tile, l.tile);
}

QRect AttentionView::tileGeometry(int row, int column) const {
  if (row < -1 || row >= rows_.size() || column < 0 || column >= originals_.size()) return {};
  return tileRect(computeLayout(), row + 1, column);
}

void AttentionView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), theme_.canvas);
  if (!snapshot_ || rows_.isEmpty()) {
    paintPlaceholder(painter);
    return;
  }
  const Layout l = computeLayout();
  paintHeader(painter, l);
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);  // crisp patch borders
  for (int grid_row = 0; grid_row < gridRows(); ++grid_row) {
    const QRect label(l.header.left(), tileRect(l, grid_row, 0).top(), l.label_width - 12, l.tile);
    painter.setPen(theme_.text);
    painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                     grid_row == 0 ? QString("Original") : rows_[grid_row - 1].title);
    for (int image = 0; image < originals_.size(); ++image) {
      const QRect tile = tileRect(l, grid_row, image);
      painter.drawImage(tile, originals_[image]);
      if (grid_row == 0) continue;
      const QVector<QVector<float>>& maps = rows_[grid_row - 1].images;
      if (image < maps.size()) paintOverlay(painter, tile, image, maps[image]);
    }
  }
  paintLegend(painter, l);
}

// Visible patches take the colour of their share of the cls token's attention, scaled to the
// largest patch of this tile; hidden patches are hatched like the mask view's and get no value.
void AttentionView::paintOverlay(QPainter& painter, const QRect& tile, int image,
                                 const QVector<float>& values) const {
  const ReconstructionSnapshot& s = *snapshot_;
  const int cells = s.grid * s.grid;
  if (s.grid <= 0 || s.mask.size() < size_t(image + 1) * cells) return;
  const uint8_t* mask = s.mask.data() + size_t(image) * cells;
  const float largest = largest_patch_share(values);
  int visible = 0;
  for (int k = 0; k < cells; ++k) {
    const QRect patch = patch_rect(tile, s.grid, k % s.grid, k / s.grid);
    if (mask[k]) {
      QColor hidden = theme_.hidden_patch;
      hidden.setAlpha(kHiddenAlpha);
      painter.fillRect(patch, hidden);
      painter.fillRect(patch, QBrush(theme_.canvas, Qt::BDiagPattern));
      continue;
    }
    ++visible;  // values[0] is the cls token itself; patches follow in raster order
    const float share = visible < values.size() ? values[visible] : 0.0f;
    QColor colour = heat_color(largest > 0 ? share / largest : 0.0);
    colour.setAlpha(kOverlayAlpha);
    painter.fillRect(patch, colour);
  }
}

QString AttentionView::heading() const {
  const AttentionMaps* maps = attention_maps(*snapshot_, selection_.encoder);
  QString what;
  if (selection_.layer >= 0 && maps && selection_.layer < maps->layers)
    what = QString("every head of layer %1").arg(selection_.layer + 1);
  else if (selection_.head >= 0 && maps && selection_.head < maps->heads)
    what = QString("head %1 of each layer, and the rollout").arg(selection_.head + 1);
  else
    what = QString("mean of %1 heads per layer, and the rollout").arg(maps ? maps->heads : 0);
  return QString("Step %1  ·  %2 encoder  ·  %3")
      .arg(snapshot_->step)
      .arg(encoder_name(selection_.encoder), what);
}

void AttentionView::paintHeader(QPainter& painter, const Layout& l) const {
  const QFont title = title_font(font());
  const int title_h = QFontMetrics(title).height();
  painter.setFont(title);
  painter.setPen(theme_.text);
  painter.drawText(QRect(l.header.left(), l.header.top(), l.header.width(), title_h),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(title).elidedText(heading(), Qt::ElideRight, l.header.width()));
  painter.setFont(font());
  painter.setPen(theme_.muted);
  const QString note =
      "Where the cls token looks among the patches the encoder saw. Hatched: hidden, never seen, "
      "no attention. Colours scaled per image: brightest = the most attended patch.";
  const QString short_note = "cls attention over visible patches; hatched = hidden (not seen).";
  const QRect note_rect = l.header.adjusted(0, title_h + 4, 0, 0);
  const QFontMetrics metrics(font());
  const int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
  QString shown = metrics.boundingRect(note_rect, flags, note).height() <= note_rect.height()
                      ? note
                      : short_note;
  if (metrics.boundingRect(note_rect, flags, shown).height() > note_rect.height())
    shown = metrics.elidedText(shown, Qt::ElideRight, note_rect.width());
  painter.drawText(note_rect, flags, shown);
}

void AttentionView::paintLegend(QPainter& painter, const Layout& l) const {
  if (l.legend.width() < 60) return;
  QLinearGradient gradient(l.legend.topLeft(), l.legend.topRight());
  for (int i = 0; i <= 10; ++i) gradient.setColorAt(i / 10.0, heat_color(i / 10.0));
  painter.fillRect(l.legend, gradient);
  painter.setPen(theme_.muted);
  const QRect text(l.legend.left(), l.legend.bottom() + 2, l.legend.width(), 18);
  painter.drawText(text, Qt::AlignLeft | Qt::AlignTop, "0");
  painter.drawText(text, Qt::AlignHCenter | Qt::AlignTop, "share of cls attention");
  painter.drawText(text, Qt::AlignRight | Qt::AlignTop, "largest patch");
}

void AttentionView::paintPlaceholder(QPainter& painter) const {
  painter.setPen(theme_.muted);
  QString text =
      "Press Start (Space) to train.\nThe encoder's attention over the demo images appears here.";
  if (snapshot_ && selection_.encoder == AttentionEncoder::Teacher &&
      snapshot_->teacher_attention.empty() && !snapshot_->student_attention.empty())
    text = "No teacher in MAE mode: choose the student encoder.";
  else if (snapshot_)
    text = "This snapshot has no attention maps (written by an older version).";
  painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, text);
}

QString AttentionView::tileTooltip(int row, int image) const {
  const QVector<float>& values = rows_[row].images[image];
  if (values.isEmpty()) return {};
  return QString(
             "Image %1, %2\ncls token to itself: %3 %\nlargest visible patch: %4 %\n%5 visible "
             "patches, %6 hidden\n\n%7")
      .arg(image + 1)
      .arg(rows_[row].title)
      .arg(100.0 * values[0], 0, 'f', 1)
      .arg(100.0 * largest_patch_share(values), 0, 'f', 1)
      .arg(values.size() - 1)
      .arg(snapshot_->grid * snapshot_->grid - (values.size() - 1))
      .arg(rows_[row].tooltip);
}

bool AttentionView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip && snapshot_ && !rows_.isEmpty()) {
    auto* help = static_cast<QHelpEvent*>(event);
    const Layout l = computeLayout();
    for (int row = 0; row < rows_.size(); ++row)
      for (int image = 0; image < rows_[row].images.size(); ++image)
        if (tileRect(l, row + 1, image).contains(help->pos())) {
          QToolTip::showText(help->globalPos(), tileTooltip(row, image), this);
          return true;
        }
    QToolTip::hideText();
    return true;
  }
  return QWidget::event(event);
}

QImage AttentionView::figure(qreal scale) {
  QImage image(size() * scale, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(scale);
  image.fill(theme_.canvas);
  render(&image);
  return image;
}

}  // namespace rcmae::ui
