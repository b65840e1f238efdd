#include "runs/run_snapshot_panel.h"

#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

#include "rcmae/session/snapshot_io.h"
#include "runs/run_reader.h"
#include "views/reconstruction_view.h"

namespace rcmae::ui {

RunSnapshotPanel::RunSnapshotPanel(QWidget* parent) : QTabWidget(parent) {
  view_ = new ReconstructionView;
  // Its own minimum suits a tab of its own; here it shares the row with four plots.
  view_->setMinimumSize(220, 200);
  // The tab says "Latest"; a short title keeps the box from setting the tab's width.
  auto* box = new QGroupBox("Selected run");
  caption_ = new QLabel("Select a run in the table");
  caption_->setObjectName("hint");
  // A long run name must not widen the window.
  caption_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(caption_);
  layout->addWidget(view_, 1);
  side_by_side_ = new RunsSideBySide;
  addTab(box, "Latest");
  addTab(side_by_side_, "Run A vs B");
  setTabToolTip(1, "Two runs' reconstructions of the same images at the same step");
  hide();  // only once a run has saved a snapshot
}

// Loading a snapshot costs a file read: only when the newest file is another one.
void RunSnapshotPanel::showRun(const RunReader* run) {
  const QString file = run ? run->latestSnapshotFile() : QString();
  if (file == shown_file_ && !file.isEmpty()) return;
  shown_file_ = file;
  auto snapshot = file.isEmpty() ? std::nullopt : session::load_snapshot(file);
  if (!snapshot) {
    view_->clear();
    caption_->setText(run ? run->name() + " has saved no reconstruction snapshot yet"
                          : "Select a run in the table");
    caption_->setToolTip({});
    return;
  }
  caption_->setText(QString("%1 · step %2").arg(run->name()).arg(snapshot->step));
  caption_->setToolTip(file);
  view_->setSnapshot(std::make_shared<const ReconstructionSnapshot>(std::move(*snapshot)));
}

void RunSnapshotPanel::setRuns(const QVector<SideBySideRun>& runs) {
  side_by_side_->setRuns(runs);
  if (isHidden() != runs.isEmpty()) setVisible(!runs.isEmpty());
}

void RunSnapshotPanel::showSideBySide() { setCurrentWidget(side_by_side_); }

QString RunSnapshotPanel::caption() const { return caption_->text(); }

void RunSnapshotPanel::setTheme(const ViewTheme& theme) {
  view_->setTheme(theme);
  side_by_side_->setTheme(theme);
}

}  // namespace rcmae::ui
