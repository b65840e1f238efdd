#include "controls/momentum_control.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace rcmae::ui {
namespace {
constexpr double kLogMin = -1.0;  // 1 - m = 0.1
constexpr double kLogMax = -5.0;  // 1 - m = 1e-5
}  // namespace

double MomentumControl::momentumFromSlider(int position) {
  const double t = double(position) / kSteps;
  return 1.0 - std::pow(10.0, kLogMin + t * (kLogMax - kLogMin));
}

int MomentumControl::sliderFromMomentum(double momentum) {
  const double gap = std::clamp(1.0 - momentum, 1e-5, 0.1);
  const double t = (std::log10(gap) - kLogMin) / (kLogMax - kLogMin);
  return int(std::lround(std::clamp(t, 0.0, 1.0) * kSteps));
}

MomentumControl::MomentumControl(QWidget* parent) : QWidget(parent) {
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setRange(0, kSteps);
  slider_->setToolTip(
      "Logarithmic in 1 − m: left = 0.9 (teacher follows quickly), right = 0.99999 (teacher barely "
      "moves)");
  spin_ = new QDoubleSpinBox(this);
  spin_->setDecimals(6);
  spin_->setRange(0.0, 1.0);
  spin_->setSingleStep(0.0005);
  spin_->setMinimumWidth(92);
  hint_ = new QLabel(this);
  hint_->setObjectName("hint");
  hint_->setWordWrap(true);

  auto* row = new QHBoxLayout;
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(slider_, 1);
  row->addWidget(spin_);
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(2);
  column->addLayout(row);
  column->addWidget(hint_);

  connect(slider_, &QSlider::valueChanged, this, [this](int position) {
    if (syncing_) return;
    setValue(momentumFromSlider(position));
  });
  connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double m) {
    if (syncing_) return;
    setValue(m);
  });
  setValue(0.996);
}

double MomentumControl::value() const { return spin_->value(); }

void MomentumControl::setValue(double momentum) {
  // Round to what the spinbox shows so value() and the emitted value agree.
  momentum = std::round(momentum * 1e6) / 1e6;
  const bool changed = std::abs(momentum - spin_->value()) > 1e-12;
  syncing_ = true;
  spin_->setValue(momentum);
  slider_->setValue(sliderFromMomentum(momentum));
  syncing_ = false;
  updateHint();
  if (changed) Q_EMIT valueChanged(momentum);
}

void MomentumControl::updateHint() {
  const double gap = 1.0 - value();
  hint_->setText(gap > 0 ? QString("1 − m = %1 · teacher ≈ mean of last %2 steps")
                               .arg(gap, 0, 'g', 2)
                               .arg(std::max(1.0, std::round(1.0 / gap)))
                         : QString("m = 1: the teacher never changes"));
}

}  // namespace rcmae::ui
