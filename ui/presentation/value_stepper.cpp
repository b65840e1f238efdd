#include "presentation/value_stepper.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <algorithm>

namespace rcmae::ui {
namespace {
// Ladder values are compared with a tolerance: 0.996 typed in a spin box is 0.996 here.
constexpr double kSame = 1e-9;

QToolButton* make_step_button(const QString& text, const QString& tip) {
  auto* button = new QToolButton;
  button->setText(text);
  button->setToolTip(tip);
  button->setFocusPolicy(Qt::NoFocus);  // arrow keys belong to the stage's shortcuts
  button->setAutoRaise(false);
  return button;
}
}  // namespace

ValueStepper::ValueStepper(const QString& name, QVector<double> ladder, int decimals,
                           QWidget* parent)
    : QWidget(parent), ladder_(std::move(ladder)), decimals_(decimals) {
  std::sort(ladder_.begin(), ladder_.end());
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(6);
  auto* title = new QLabel(name);
  title->setObjectName("stepperName");
  down_ = make_step_button("−", "Smaller " + name);
  up_ = make_step_button("+", "Larger " + name);
  value_label_ = new QLabel;
  value_label_->setObjectName("stepperValue");
  value_label_->setAlignment(Qt::AlignCenter);
  layout->addWidget(title);
  layout->addWidget(down_);
  layout->addWidget(value_label_);
  layout->addWidget(up_);
  connect(down_, &QToolButton::clicked, this, [this] { Q_EMIT valueRequested(previousValue()); });
  connect(up_, &QToolButton::clicked, this, [this] { Q_EMIT valueRequested(nextValue()); });
  showValue(ladder_.isEmpty() ? 0 : ladder_.front());
}

void ValueStepper::showValue(double value) {
  value_ = value;
  value_label_->setText(QString::number(value, 'f', decimals_));
  // Wide enough for any ladder value: the row does not jump when the value changes.
  int widest = 0;
  for (double v : ladder_)
    widest = std::max(widest, fontMetrics().horizontalAdvance(QString::number(v, 'f', decimals_)));
  value_label_->setMinimumWidth(
      std::max(widest, fontMetrics().horizontalAdvance(value_label_->text())) + 8);
}

void ValueStepper::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) showValue(value_);  // the widest value widens too
  QWidget::changeEvent(event);
}

double ValueStepper::nextValue() const {
  for (double v : ladder_)
    if (v > value_ + kSame) return v;
  return value_;
}

double ValueStepper::previousValue() const {
  for (auto it = ladder_.rbegin(); it != ladder_.rend(); ++it)
    if (*it < value_ - kSame) return *it;
  return value_;
}

}  // namespace rcmae::ui
