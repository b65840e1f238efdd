#pragma once
// The reconstruction snapshots a run folder holds (snapshots/step_N.snap): every run saves
// its last one, `rcmae train` also a bounded series during the run, and the window spills
// its history there. Read by file name only, so listing a run costs one directory read.
#include <QString>
#include <QVector>

namespace rcmae::ui {

struct SavedSnapshot {
  qint64 step = -1;  // -1: none
  QString file;
};

// Every snapshot file of `run_folder`, by increasing step; empty when it has none.
QVector<SavedSnapshot> saved_snapshots(const QString& run_folder);

// The newest of `saved` (sorted by step) at or before `step`; step -1 when none is.
SavedSnapshot snapshot_at_or_before(const QVector<SavedSnapshot>& saved, qint64 step);

}  // namespace rcmae::ui
