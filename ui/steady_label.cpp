#include "steady_label.h"

#include <QEvent>

namespace rcmae::ui {

SteadyLabel::SteadyLabel(const QString& widest, QWidget* parent) : QLabel(parent), widest_(widest) {
  fitToWidest();
}

void SteadyLabel::setWidestText(const QString& widest) {
  widest_ = widest;
  fitToWidest();
}

void SteadyLabel::changeEvent(QEvent* event) {
  QLabel::changeEvent(event);
  if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) fitToWidest();
}

void SteadyLabel::fitToWidest() {
  if (fitting_) return;  // setText below may deliver a style change of its own
  fitting_ = true;
  const QString shown = text();
  setMinimumSize(0, 0);
  setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
  setText(widest_);
  const QSize widest = sizeHint();
  setText(shown);
  setFixedSize(widest);
  fitting_ = false;
}

}  // namespace rcmae::ui
