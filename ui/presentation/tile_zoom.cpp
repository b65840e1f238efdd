#include "presentation/tile_zoom.h"

#include <QPainter>
#include <algorithm>

namespace rcmae::ui {
namespace {
const char* const kCaptions[3] = {"Original", "Masked input", "Per-patch error"};
}

TileZoom::TileZoom(QWidget* parent) : QWidget(parent), theme_(view_theme(ThemeName::Light)) {
  setObjectName("tileZoom");
  setAttribute(Qt::WA_TransparentForMouseEvents);  // the grid under it keeps the pointer
  hide();
}

double TileZoom::hiddenPatchError(const ReconstructionSnapshot& s, int index) {
  const int cells = s.grid * s.grid;
  if (cells <= 0 || s.patch_error.size() < size_t(index + 1) * cells ||
      s.mask.size() < size_t(index + 1) * cells)
    return 0;
  double sum = 0;
  int hidden = 0;
  for (int k = 0; k < cells; ++k) {
    if (!s.mask[size_t(index) * cells + k]) continue;
    sum += s.patch_error[size_t(index) * cells + k];
    ++hidden;
  }
  return hidden ? sum / hidden : 0;
}

void TileZoom::show(const session::SnapshotPtr& snapshot, int index, const QImage& original,
                    const QImage& masked, const QImage& error) {
  index_ = index;
  pictures_[0] = original;
  pictures_[1] = masked;
  pictures_[2] = error;
  error_ = snapshot ? hiddenPatchError(*snapshot, index) : 0;
  QWidget::show();
  raise();
  update();
}

void TileZoom::setTheme(const ViewTheme& theme) {
  theme_ = theme;
  update();
}

// One large picture on top, the mask and the error side by side under it.
void TileZoom::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), theme_.canvas);
  painter.setPen(QPen(theme_.accent, 2));
  painter.drawRect(rect().adjusted(1, 1, -2, -2));
  const QFontMetrics metrics(font());
  const int line = metrics.lineSpacing();
  const int pad = 12;
  painter.setPen(theme_.text);
  painter.drawText(
      QRect(pad, pad, width() - 2 * pad, line), Qt::AlignLeft,
      QString("Image %1  ·  error on hidden patches %2").arg(index_ + 1).arg(error_, 0, 'g', 3));
  const int top = pad + line + 8;
  const int small =
      std::max(16, std::min((width() - 3 * pad) / 2, (height() - top - 2 * line - 3 * pad) / 3));
  const int big = std::min(width() - 2 * pad, height() - top - small - 2 * line - 2 * pad);
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);  // patch edges stay crisp
  const QRect rects[3] = {QRect((width() - big) / 2, top + line, big, big),
                          QRect(pad, top + 2 * line + big + pad, small, small),
                          QRect(width() - pad - small, top + 2 * line + big + pad, small, small)};
  for (int i = 0; i < 3; ++i) {
    painter.setPen(theme_.muted);
    painter.drawText(QRect(rects[i].left(), rects[i].top() - line, rects[i].width(), line),
                     Qt::AlignHCenter | Qt::AlignBottom, kCaptions[i]);
    if (!pictures_[i].isNull()) painter.drawImage(rects[i], pictures_[i]);
  }
}

}  // namespace rcmae::ui
