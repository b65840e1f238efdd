#include "runs/run_snapshots.h"

#include <QDir>
#include <algorithm>

#include "rcmae/session/snapshot_io.h"

namespace rcmae::ui {

QVector<SavedSnapshot> saved_snapshots(const QString& run_folder) {
  // The folder as the writers name it: snapshot_file's parent.
  const QDir dir(QString::fromStdString(
      session::snapshot_file(run_folder.toStdString(), 0).parent_path().string()));
  QVector<SavedSnapshot> saved;
  for (const QString& name : dir.entryList({"step_*.snap"}, QDir::Files, QDir::Name)) {
    bool ok = false;
    const qint64 step = name.mid(5, name.size() - 5 - 5).toLongLong(&ok);  // step_<N>.snap
    if (ok && step >= 0) saved.push_back({step, dir.filePath(name)});
  }
  // Zero-padded names sort by step already; a step past 10^8 would not.
  std::sort(saved.begin(), saved.end(),
            [](const SavedSnapshot& a, const SavedSnapshot& b) { return a.step < b.step; });
  return saved;
}

SavedSnapshot snapshot_at_or_before(const QVector<SavedSnapshot>& saved, qint64 step) {
  auto after =
      std::upper_bound(saved.begin(), saved.end(), step,
                       [](qint64 value, const SavedSnapshot& s) { return value < s.step; });
  return after == saved.begin() ? SavedSnapshot{} : *(after - 1);
}

}  // namespace rcmae::ui
