#pragma once
// Beside the Runs tab's plots: the newest reconstruction snapshot the selected run saved
// ("Latest"), and two runs' reconstructions of the same images side by side ("Run A vs B").
// Hidden until some run has saved a snapshot.
#include <QString>
#include <QTabWidget>
#include <QVector>

#include "runs/runs_side_by_side.h"
#include "theme.h"

class QLabel;

namespace rcmae::ui {

class ReconstructionView;
class RunReader;

class RunSnapshotPanel : public QTabWidget {
  Q_OBJECT

 public:
  explicit RunSnapshotPanel(QWidget* parent = nullptr);

  // The selected run (null: none): its newest snapshot is loaded when it changed.
  void showRun(const RunReader* run);
  // The runs that saved snapshots, preferred ones first (A and B until the user picks).
  void setRuns(const QVector<SideBySideRun>& runs);
  void showSideBySide();
  // "run · step N" of the snapshot shown; a hint when there is none.
  QString caption() const;
  RunsSideBySide* sideBySide() const { return side_by_side_; }
  void setTheme(const ViewTheme& theme);

 private:
  QString shown_file_;
  ReconstructionView* view_ = nullptr;
  QLabel* caption_ = nullptr;  // which run, which step
  RunsSideBySide* side_by_side_ = nullptr;
};

}  // namespace rcmae::ui
