#pragma once
// EMA momentum m is interesting only very close to 1 (0.99, 0.999, 0.9999 behave very
// differently), so the slider is logarithmic in 1 - m, from 0.1 down to 1e-5, with a
// spinbox for exact values and a line that translates m into an averaging horizon.
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace rcmae::ui {

class MomentumControl : public QWidget {
  Q_OBJECT

 public:
  explicit MomentumControl(QWidget* parent = nullptr);

  double value() const;
  void setValue(double momentum);

  // Slider position (0..kSteps) <-> momentum; exposed for tests.
  static constexpr int kSteps = 1000;
  static double momentumFromSlider(int position);
  static int sliderFromMomentum(double momentum);

 Q_SIGNALS:
  void valueChanged(double momentum);

 private:
  void updateHint();

  QSlider* slider_ = nullptr;
  QDoubleSpinBox* spin_ = nullptr;
  QLabel* hint_ = nullptr;
  bool syncing_ = false;
};

}  // namespace rcmae::ui
