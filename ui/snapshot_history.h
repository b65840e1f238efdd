#pragma once
// Every reconstruction snapshot of the run, by step. Recent ones stay in memory up to a
// byte budget; older ones are spilled to <run folder>/snapshots and read back on demand.
#include <QString>
#include <QTemporaryDir>
#include <QVector>
#include <memory>

#include "rcmae/session/session_types.h"

namespace rcmae::ui {

class SnapshotHistory {
 public:
  explicit SnapshotHistory(qint64 memory_budget_bytes = 96ll << 20);

  // Where spilled snapshots go; without one, a private temporary folder is used.
  void setSpillDir(const QString& dir);
  void add(const session::SnapshotPtr& snapshot);
  void clear();

  int size() const { return int(entries_.size()); }
  int64_t stepAt(int index) const { return entries_[index].step; }
  // Loads a spilled snapshot back from disk; null if its file is gone.
  session::SnapshotPtr at(int index) const;
  qint64 memoryInUse() const { return in_memory_bytes_; }
  int spilledCount() const;

 private:
  struct Entry {
    int64_t step = 0;
    session::SnapshotPtr data;  // null once spilled
    QString file;
    qint64 bytes = 0;
  };
  void enforceBudget();
  QString spillDir();

  QVector<Entry> entries_;
  qint64 budget_;
  qint64 in_memory_bytes_ = 0;
  QString spill_dir_;
  std::unique_ptr<QTemporaryDir> temp_dir_;
};

}  // namespace rcmae::ui
