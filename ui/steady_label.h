#pragma once
// A label for a live number (step, speed, ETA, a count) that changes many times a second
// without making the window lay itself out again.
//
// QLabel::setText asks the layouts to recompute (updateGeometry), and a layout pass of this
// window re-shapes every word-wrapped explanation on the visible tab: a few milliseconds of
// the GUI thread each time, taken from a training thread on a 2-core machine. Qt skips that
// pass for a widget whose minimum and maximum sizes are equal, so this label takes the fixed
// size of the widest text it will show, and fits it again when the font or style changes
// (presentation mode).
#include <QLabel>

namespace rcmae::ui {

class SteadyLabel : public QLabel {
 public:
  // `widest`: a sample at least as wide as any text the label will show, e.g. "ETA 99 h 59 min".
  explicit SteadyLabel(const QString& widest, QWidget* parent = nullptr);
  void setWidestText(const QString& widest);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void fitToWidest();
  QString widest_;
  bool fitting_ = false;
};

}  // namespace rcmae::ui
