#pragma once
// A horizontal slider over a real range with its value printed beside it. QSlider counts
// integers; this maps them onto [minimum, maximum] in fixed steps.
#include <QWidget>

class QLabel;
class QSlider;

namespace rcmae::ui {

class LabelledSlider : public QWidget {
  Q_OBJECT

 public:
  LabelledSlider(double minimum, double maximum, double step, int decimals,
                 QWidget* parent = nullptr);

  double value() const;
  void setValue(double value);  // snapped to the nearest step
  QSlider* slider() const { return slider_; }

 Q_SIGNALS:
  void valueChanged(double value);

 private:
  void showValue();

  double minimum_, step_;
  int decimals_;
  QSlider* slider_ = nullptr;
  QLabel* label_ = nullptr;
};

}  // namespace rcmae::ui
