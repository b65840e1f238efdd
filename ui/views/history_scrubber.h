#pragma once
// A slider over every snapshot of the run: drag back to see what the model produced at an
// earlier step; "Live" jumps back to the newest and keeps following it.
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "snapshot_history.h"

class QLabel;
class QSlider;
class QToolButton;

namespace rcmae::ui {

class HistoryScrubber : public QWidget {
  Q_OBJECT

 public:
  explicit HistoryScrubber(QWidget* parent = nullptr);

  void setRunDir(const QString& run_dir);
  void addSnapshot(const session::SnapshotPtr& snapshot);
  void clear();
  bool isLive() const { return live_; }
  void setLive(bool live);
  const SnapshotHistory& history() const { return history_; }

 Q_SIGNALS:
  // The snapshot the views should show (the newest while live).
  void snapshotChosen(const rcmae::session::SnapshotPtr& snapshot);

 private:
  void showIndex(int index);
  void updateLabel();

  SnapshotHistory history_;
  QSlider* slider_ = nullptr;
  QLabel* label_ = nullptr;
  QToolButton* live_button_ = nullptr;
  QToolButton* previous_ = nullptr;
  QToolButton* next_ = nullptr;
  bool live_ = true;
  bool updating_ = false;
};

}  // namespace rcmae::ui
