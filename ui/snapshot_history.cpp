#include "snapshot_history.h"

#include <QDir>

#include "rcmae/session/snapshot_io.h"

namespace rcmae::ui {

SnapshotHistory::SnapshotHistory(qint64 memory_budget_bytes) : budget_(memory_budget_bytes) {}

void SnapshotHistory::setSpillDir(const QString& dir) { spill_dir_ = dir; }

void SnapshotHistory::add(const session::SnapshotPtr& snapshot) {
  if (!snapshot) return;
  // A single step taken twice at the same step (e.g. a forced snapshot) replaces the entry.
  if (!entries_.isEmpty() && entries_.back().step == snapshot->step) {
    in_memory_bytes_ -= entries_.back().data ? entries_.back().bytes : 0;
    entries_.pop_back();
  }
  Entry entry;
  entry.step = snapshot->step;
  entry.data = snapshot;
  entry.bytes = session::snapshot_bytes(*snapshot);
  in_memory_bytes_ += entry.bytes;
  entries_.push_back(entry);
  enforceBudget();
}

void SnapshotHistory::clear() {
  entries_.clear();
  in_memory_bytes_ = 0;
  temp_dir_.reset();
}

QString SnapshotHistory::spillDir() {
  if (!spill_dir_.isEmpty()) return spill_dir_;
  if (!temp_dir_) temp_dir_ = std::make_unique<QTemporaryDir>();
  return temp_dir_->path();
}

void SnapshotHistory::enforceBudget() {
  // Oldest first; the newest entry always stays in memory.
  for (int i = 0; i + 1 < entries_.size() && in_memory_bytes_ > budget_; ++i) {
    Entry& entry = entries_[i];
    if (!entry.data) continue;
    const QString dir = spillDir();
    QDir().mkpath(dir);
    entry.file = QDir(dir).filePath(QString("step_%1.snap").arg(entry.step, 8, 10, QChar('0')));
    if (!session::save_snapshot(entry.file, *entry.data)) entry.file.clear();
    entry.data.reset();
    in_memory_bytes_ -= entry.bytes;
  }
}

session::SnapshotPtr SnapshotHistory::at(int index) const {
  const Entry& entry = entries_[index];
  if (entry.data) return entry.data;
  if (entry.file.isEmpty()) return nullptr;
  auto loaded = session::load_snapshot(entry.file);
  if (!loaded) return nullptr;
  return std::make_shared<const ReconstructionSnapshot>(std::move(*loaded));
}

int SnapshotHistory::spilledCount() const {
  int count = 0;
  for (const Entry& entry : entries_) count += entry.data ? 0 : 1;
  return count;
}

}  // namespace rcmae::ui
