#pragma once
// One live setting as a lecturer changes it from the front: its name, a − button, the value
// in large type and a + button. The buttons (and the stage's keys) move to the next value
// of a short ladder of values worth showing, so a room sees 0.99 -> 0.995, not 0.9901.
#include <QVector>
#include <QWidget>

class QLabel;
class QToolButton;

namespace rcmae::ui {

class ValueStepper : public QWidget {
  Q_OBJECT

 public:
  ValueStepper(const QString& name, QVector<double> ladder, int decimals,
               QWidget* parent = nullptr);

  double value() const { return value_; }
  // Shows `value` without asking for a change (the control panel is the source of truth).
  void showValue(double value);
  // The ladder value after / before the one shown; the ends stay put.
  double nextValue() const;
  double previousValue() const;
  QLabel* valueLabel() const { return value_label_; }

 Q_SIGNALS:
  void valueRequested(double value);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QVector<double> ladder_;
  int decimals_;
  double value_ = 0;
  QLabel* value_label_ = nullptr;
  QToolButton* down_ = nullptr;
  QToolButton* up_ = nullptr;
};

}  // namespace rcmae::ui
