#include "controls/control_field.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "controls/momentum_control.h"
#include "rcmae/cli/train_flags.h"

namespace rcmae::ui {
namespace {

nlohmann::json::json_pointer pointer_of(const std::string& flag) {
  const std::string pointer = rcmae::cli::train_flag_json_pointer(flag);
  // A misspelt flag in the table would otherwise edit nothing, silently.
  if (pointer.empty()) throw std::logic_error("control table: no configuration field for " + flag);
  return nlohmann::json::json_pointer(pointer);
}

// An editor beside a companion (slider, unit menu), as one field.
QWidget* side_by_side(QWidget* first, QWidget* second, int spacing, int stretch_of) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  if (spacing >= 0) layout->setSpacing(spacing);
  layout->addWidget(first, stretch_of == 0 ? 1 : 0);
  layout->addWidget(second, stretch_of == 1 ? 1 : 0);
  return row;
}

}  // namespace

ControlField::ControlField(const ControlSpec& spec, QObject* parent)
    : QObject(parent), spec_(spec), pointer_(pointer_of(spec.flag)) {
  switch (spec_.kind) {
    case ControlKind::Count:
      buildCount();
      break;
    case ControlKind::Real:
      buildReal();
      break;
    case ControlKind::Choice:
      buildChoice();
      break;
    case ControlKind::Text:
      buildText();
      break;
    case ControlKind::Ratio:
      buildRatio();
      break;
    case ControlKind::Momentum:
      buildMomentum();
      break;
    case ControlKind::Duration:
      buildDuration();
      break;
  }
  editor_->setObjectName(QString::fromStdString(spec_.flag));
  // A form row carries its tooltip on its label and field (control_panel.cpp); a control
  // inside a composite row carries its own.
  if (spec_.place != ControlPlace::Row && !spec_.tip.isEmpty()) editor_->setToolTip(spec_.tip);
}

void ControlField::applyRange(QAbstractSpinBox* spin) {
  spin->setSpecialValueText(spec_.special);
  if (auto* count = qobject_cast<QSpinBox*>(spin)) {
    count->setRange(int(spec_.minimum), int(spec_.maximum));
    count->setSingleStep(int(spec_.step));
    count->setSuffix(spec_.suffix);
    return;
  }
  auto* real = static_cast<QDoubleSpinBox*>(spin);
  real->setDecimals(spec_.decimals);  // before the range, which it would round
  real->setRange(spec_.minimum, spec_.maximum);
  real->setSingleStep(spec_.step);
  real->setSuffix(spec_.suffix);
}

void ControlField::buildCount() {
  auto* spin = new QSpinBox;
  applyRange(spin);
  connect(spin, &QSpinBox::valueChanged, this, &ControlField::edited);
  widget_ = editor_ = spin;
}

void ControlField::buildReal() {
  auto* spin = new QDoubleSpinBox;
  applyRange(spin);
  connect(spin, &QDoubleSpinBox::valueChanged, this, &ControlField::edited);
  widget_ = editor_ = spin;
}

void ControlField::buildChoice() {
  auto* combo = new QComboBox;
  for (const ControlChoice& choice : spec_.choices) combo->addItem(choice.text);
  connect(combo, &QComboBox::currentIndexChanged, this, &ControlField::edited);
  widget_ = editor_ = combo;
}

// The choices are suggestions; any text is a value (a dataset spec such as folder:DIR).
void ControlField::buildText() {
  auto* combo = new QComboBox;
  combo->setEditable(true);
  for (const ControlChoice& choice : spec_.choices) combo->addItem(choice.text);
  combo->setMinimumContentsLength(8);
  combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  connect(combo, &QComboBox::currentTextChanged, this, &ControlField::edited);
  widget_ = editor_ = combo;
}

// The slider counts the spin box's last decimal: a drag moves in steps of 0.01.
void ControlField::buildRatio() {
  const double scale = std::pow(10.0, spec_.decimals);
  auto* slider = new QSlider(Qt::Horizontal);
  slider->setRange(int(std::lround(spec_.minimum * scale)),
                   int(std::lround(spec_.maximum * scale)));
  auto* spin = new QDoubleSpinBox;
  applyRange(spin);
  connect(slider, &QSlider::valueChanged, this, [this, spin, scale](int position) {
    if (!syncing_) spin->setValue(position / scale);
  });
  connect(spin, &QDoubleSpinBox::valueChanged, this, [this, slider, scale](double ratio) {
    syncing_ = true;
    slider->setValue(int(std::lround(ratio * scale)));
    syncing_ = false;
    Q_EMIT edited();
  });
  widget_ = side_by_side(slider, spin, -1, 0);
  editor_ = spin;
}

void ControlField::buildMomentum() {
  auto* momentum = new MomentumControl;
  connect(momentum, &MomentumControl::valueChanged, this, &ControlField::edited);
  widget_ = editor_ = momentum;
}

void ControlField::buildDuration() {
  auto* spin = new QDoubleSpinBox;
  applyRange(spin);
  unit_ = new QComboBox;
  unit_->addItem("min", 60.0);
  unit_->addItem("s", 1.0);
  unit_->setToolTip("Unit of the time budget");
  connect(spin, &QDoubleSpinBox::valueChanged, this, &ControlField::edited);
  connect(unit_, &QComboBox::currentIndexChanged, this, &ControlField::edited);
  widget_ = side_by_side(spin, unit_, 6, 0);
  editor_ = spin;
}

nlohmann::json ControlField::value() const {
  switch (spec_.kind) {
    case ControlKind::Count:
      return static_cast<QSpinBox*>(editor_)->value();
    case ControlKind::Real:
    case ControlKind::Ratio:
      return static_cast<QDoubleSpinBox*>(editor_)->value();
    case ControlKind::Choice: {
      const int index = static_cast<QComboBox*>(editor_)->currentIndex();
      return index < 0 ? nlohmann::json() : spec_.choices[size_t(index)].value;
    }
    case ControlKind::Text:
      return static_cast<QComboBox*>(editor_)->currentText().trimmed().toStdString();
    case ControlKind::Momentum:
      return static_cast<MomentumControl*>(editor_)->value();
    case ControlKind::Duration:
      return static_cast<QDoubleSpinBox*>(editor_)->value() * unit_->currentData().toDouble();
  }
  return nullptr;
}

void ControlField::setValue(const nlohmann::json& value) {
  switch (spec_.kind) {
    case ControlKind::Count: {
      auto* spin = static_cast<QSpinBox*>(editor_);
      const double v = std::clamp(value.get<double>(), double(spin->minimum()),
                                  double(spin->maximum()));  // a seed may exceed an int
      spin->setValue(int(v));
      return;
    }
    case ControlKind::Real:
    case ControlKind::Ratio:
      static_cast<QDoubleSpinBox*>(editor_)->setValue(value.get<double>());
      return;
    case ControlKind::Choice: {
      const auto& choices = spec_.choices;
      const auto it = std::find_if(choices.begin(), choices.end(),
                                   [&](const ControlChoice& c) { return c.value == value; });
      static_cast<QComboBox*>(editor_)->setCurrentIndex(
          it == choices.end() ? spec_.fallback : int(it - choices.begin()));
      return;
    }
    case ControlKind::Text:
      static_cast<QComboBox*>(editor_)->setCurrentText(
          QString::fromStdString(value.get<std::string>()));
      return;
    case ControlKind::Momentum:
      static_cast<MomentumControl*>(editor_)->setValue(value.get<double>());
      return;
    case ControlKind::Duration: {
      // Whole minutes read as minutes; anything else in seconds.
      const double seconds = value.get<double>();
      const bool minutes = seconds <= 0 || std::fmod(seconds, 60.0) == 0;
      unit_->setCurrentIndex(minutes ? 0 : 1);
      static_cast<QDoubleSpinBox*>(editor_)->setValue(seconds / (minutes ? 60.0 : 1.0));
      return;
    }
  }
}

}  // namespace rcmae::ui
