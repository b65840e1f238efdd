#include "views/mask_view.h"

#include <QEvent>
#include <QPainter>
#include <algorithm>

#include "views/snapshot_images.h"

namespace rcmae::ui {

MaskView::MaskView(QWidget* parent) : QWidget(parent), theme_(view_theme(ThemeName::Light)) {
  setObjectName("maskView");
  setToolTip(
      "The demo image cut into patches. Dark patches are hidden from the encoder;\n"
      "the model must predict them from the visible ones. Click a column of the\n"
      "reconstruction grid to inspect another image.");
}

QSize MaskView::sizeHint() const {
  const int width = std::max(fontMetrics().horizontalAdvance("training mask ratio now: 0.75"),
                             fontMetrics().horizontalAdvance("196 of 256 patches hidden (77 %)")) +
                    24;
  return {std::max(230, width), 330};
}

QSize MaskView::minimumSizeHint() const { return {sizeHint().width(), 260}; }

void MaskView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) updateGeometry();
  QWidget::changeEvent(event);
}

void MaskView::setSnapshot(const session::SnapshotPtr& snapshot) {
  snapshot_ = snapshot;
  if (snapshot_) index_ = std::clamp(index_, 0, std::max(0, snapshot_->count - 1));
  original_ =
      snapshot_ && snapshot_->count > 0
          ? plane_to_image(snapshot_->original, index_, snapshot_->channels, snapshot_->size)
          : QImage();
  update();
}

void MaskView::setImageIndex(int index) {
  index_ = index;
  setSnapshot(snapshot_);
}

void MaskView::setLiveRatio(double ratio) {
  if (ratio == live_ratio_) return;
  live_ratio_ = ratio;
  update();
}

void MaskView::setTheme(const ViewTheme& theme) {
  theme_ = theme;
  update();
}

void MaskView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), theme_.canvas);
  const QRect area = rect().adjusted(14, 12, -14, -12);
  QFont title = font();
  title.setWeight(QFont::DemiBold);
  painter.setFont(title);
  painter.setPen(theme_.text);
  painter.drawText(QRect(area.left(), area.top(), area.width(), 22),
                   Qt::AlignLeft | Qt::AlignVCenter, "Mask");
  painter.setFont(font());
  if (!snapshot_ || original_.isNull()) {
    painter.setPen(theme_.muted);
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, "No snapshot yet");
    return;
  }
  const int grid = snapshot_->grid;
  const int text_lines = 3;
  const int line_h = fontMetrics().height() + 4;
  const int side = std::max(40, std::min(area.width(), area.height() - 30 - text_lines * line_h));
  const QRect image(area.left() + (area.width() - side) / 2, area.top() + 28, side, side);
  painter.drawImage(image, original_);

  const uint8_t* mask = snapshot_->mask.data() + int64_t(index_) * grid * grid;
  int hidden = 0;
  const double cell = double(side) / grid;
  for (int y = 0; y < grid; ++y) {
    for (int x = 0; x < grid; ++x) {
      if (!mask[y * grid + x]) continue;
      ++hidden;
      const QRectF patch(image.left() + x * cell, image.top() + y * cell, cell, cell);
      // Hidden patches: a flat tone plus hatching, so they never read as image content.
      painter.fillRect(patch, theme_.hidden_patch);
      painter.fillRect(patch, QBrush(theme_.canvas, Qt::BDiagPattern));
    }
  }
  painter.setPen(QPen(theme_.canvas, 1));
  for (int i = 1; i < grid; ++i) {
    painter.drawLine(QPointF(image.left() + i * cell, image.top()),
                     QPointF(image.left() + i * cell, image.bottom()));
    painter.drawLine(QPointF(image.left(), image.top() + i * cell),
                     QPointF(image.right(), image.top() + i * cell));
  }

  QRect text(area.left(), image.bottom() + 10, area.width(), line_h);
  painter.setPen(theme_.text);
  painter.drawText(text, Qt::AlignHCenter,
                   QString("Image %1 of %2").arg(index_ + 1).arg(snapshot_->count));
  text.translate(0, line_h);
  painter.drawText(text, Qt::AlignHCenter,
                   QString("%1 of %2 patches hidden (%3 %)")
                       .arg(hidden)
                       .arg(grid * grid)
                       .arg(100.0 * hidden / (grid * grid), 0, 'f', 0));
  text.translate(0, line_h);
  painter.setPen(theme_.muted);
  if (live_ratio_ >= 0)
    painter.drawText(text, Qt::AlignHCenter,
                     QString("training mask ratio now: %1").arg(live_ratio_, 0, 'f', 2));
}

}  // namespace rcmae::ui
