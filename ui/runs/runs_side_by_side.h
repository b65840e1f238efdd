#pragma once
// Run A vs run B in the Runs tab: the same demo images reconstructed by two runs at the
// same step, in one split view (A left of the divider, B right of it) or as their
// difference. Each run shows its newest saved snapshot at or before the chosen step, and
// the step of each is written next to its name: runs save snapshots at different steps
// (a CLI run a bounded series, a window run its history and its last step).
#include <QVector>
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "runs/run_snapshots.h"
#include "theme.h"
#include "views/split_compare_view.h"

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace rcmae::ui {

struct SideBySideRun {
  QString name;
  QString folder;
};

class RunsSideBySide : public QWidget {
  Q_OBJECT

 public:
  enum Side { A = 0, B = 1 };

  explicit RunsSideBySide(QWidget* parent = nullptr);

  // The runs to choose from (those with a saved snapshot), preferred ones first: until the
  // user picks, the first two are A and B.
  void setRuns(const QVector<SideBySideRun>& runs);
  int runCount() const { return int(runs_.size()); }
  void setRun(Side side, const QString& folder);
  QString run(Side side) const;
  // The step to compare at; each run shows its newest snapshot at or before it.
  void setStep(qint64 step);
  qint64 chosenStep() const { return chosen_step_; }
  // The step of the snapshot shown for `side`; -1 when that run saved none at or before.
  qint64 shownStep(Side side) const;
  // Teachers instead of students (an MAE run has none and says so).
  void setCompareTeachers(bool teachers);
  void setMode(SplitCompareView::Mode mode);
  // Lists the two runs' snapshot files again (new ones appear while a run trains).
  void refresh();
  void setTheme(const ViewTheme& theme);
  SplitCompareView* view() const { return view_; }
  // "A: run-a at step 400 · B: run-b at step 380 (newest saved at or before step 400)".
  QString caption() const;

 private:
  struct Shown {
    QString folder;
    QVector<SavedSnapshot> saved;
    SavedSnapshot at;
    session::SnapshotPtr snapshot;
  };
  void fillRunChoices();
  void updateSteps();
  void showChosen();
  bool loadSide(Shown& side);
  QString runName(const QString& folder) const;
  QString sideLabel(Side side) const;
  QString missingText(Side side) const;

  QVector<SideBySideRun> runs_;
  Shown shown_[2];
  bool picked_by_user_ = false;
  QVector<qint64> steps_;  // every step either run saved, increasing
  qint64 chosen_step_ = -1;
  bool follow_newest_ = true;
  bool filling_ = false;
  QComboBox* run_choice_[2] = {};
  QComboBox* which_ = nullptr;
  QComboBox* mode_ = nullptr;
  QSlider* step_slider_ = nullptr;
  QToolButton* previous_ = nullptr;
  QToolButton* next_ = nullptr;
  QLabel* step_label_ = nullptr;
  QLabel* caption_ = nullptr;
  SplitCompareView* view_ = nullptr;
};

}  // namespace rcmae::ui
