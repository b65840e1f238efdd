#include "controls/labelled_slider.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <cmath>

namespace rcmae::ui {

LabelledSlider::LabelledSlider(double minimum, double maximum, double step, int decimals,
                               QWidget* parent)
    : QWidget(parent), minimum_(minimum), step_(step), decimals_(decimals) {
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setRange(0, int(std::lround((maximum - minimum) / step)));
  label_ = new QLabel(this);
  label_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  // Wide enough for the longest value, so the slider does not jump while dragging.
  label_->setMinimumWidth(label_->fontMetrics().horizontalAdvance(QString::number(
                              -std::max(std::abs(minimum), std::abs(maximum)), 'f', decimals)) +
                          6);
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(8);
  row->addWidget(slider_, 1);
  row->addWidget(label_);
  connect(slider_, &QSlider::valueChanged, this, [this] {
    showValue();
    Q_EMIT valueChanged(value());
  });
  showValue();
}

double LabelledSlider::value() const { return minimum_ + slider_->value() * step_; }

void LabelledSlider::setValue(double value) {
  slider_->setValue(int(std::lround((value - minimum_) / step_)));
}

void LabelledSlider::showValue() { label_->setText(QString::number(value(), 'f', decimals_)); }

}  // namespace rcmae::ui
