#pragma once
// Which patches of the selected demo image are hidden from the encoder, with counts and
// the mask ratio training uses right now (it can differ from the snapshot's after a live
// change until the next snapshot).
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "theme.h"

namespace rcmae::ui {

class MaskView : public QWidget {
  Q_OBJECT

 public:
  explicit MaskView(QWidget* parent = nullptr);

  void setSnapshot(const session::SnapshotPtr& snapshot);
  void setImageIndex(int index);
  void setLiveRatio(double ratio);
  void setTheme(const ViewTheme& theme);
  // As wide as its longest caption in the current font (presentation mode enlarges it).
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  session::SnapshotPtr snapshot_;
  QImage original_;
  int index_ = 0;
  double live_ratio_ = -1;
  ViewTheme theme_;
};

}  // namespace rcmae::ui
