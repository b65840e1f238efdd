#include "runs/csv_tail.h"

#include <QFile>
#include <QFileInfo>
#include <cmath>
#include <sys/stat.h>

namespace rcmae::ui {
namespace {

// The inode tells a replaced file (new file renamed over the old one) from a grown one.
quint64 inode_of(const QString& path) {
  struct stat info {};
  if (::stat(QFile::encodeName(path).constData(), &info) != 0) return 0;
  return quint64(info.st_ino);
}

double parse_cell(const QByteArray& cell) {
  bool ok = false;
  const double value = cell.trimmed().toDouble(&ok);
  return ok ? value : std::nan("");
}

}  // namespace

CsvTail::CsvTail(QString path) : path_(std::move(path)) {}

void CsvTail::reset() {
  offset_ = 0;
  inode_ = 0;
  header_.clear();
  kept_index_.clear();
  columns_.clear();
  rows_ = 0;
}

const QVector<double>& CsvTail::column(const QString& name) const {
  static const QVector<double> empty;
  auto it = columns_.constFind(name);
  return it == columns_.constEnd() ? empty : *it;
}

bool CsvTail::fileWasReplaced(qint64 size) const {
  if (size < offset_) return true;  // truncated, or a shorter new file
  return inode_ != 0 && inode_of(path_) != inode_;
}

int CsvTail::poll() {
  QFile file(path_);
  if (!file.open(QIODevice::ReadOnly)) return 0;  // not there yet: a run just starting
  bool restarted = false;
  if (fileWasReplaced(file.size())) {
    reset();
    restarted = true;
  }
  if (inode_ == 0) inode_ = inode_of(path_);
  if (file.size() == offset_) return restarted ? -1 : 0;
  file.seek(offset_);
  const QByteArray chunk = file.readAll();
  // Only complete lines: the writer may be in the middle of one.
  const qsizetype end = chunk.lastIndexOf('\n');
  if (end < 0) return restarted ? -1 : 0;
  const int before = rows_;
  qsizetype start = 0;
  while (start <= end) {
    const qsizetype newline = chunk.indexOf('\n', start);
    QByteArray line = chunk.mid(start, newline - start);
    if (line.endsWith('\r')) line.chop(1);
    parseLine(line);
    start = newline + 1;
  }
  offset_ += end + 1;
  return restarted ? -1 : rows_ - before;
}

void CsvTail::parseLine(const QByteArray& line) {
  if (line.isEmpty()) return;
  const QList<QByteArray> cells = line.split(',');
  if (header_.isEmpty()) {
    for (const QByteArray& cell : cells) {
      header_ << QString::fromUtf8(cell.trimmed());
      if (!kept_.isEmpty() && !kept_.contains(header_.back())) continue;
      kept_index_ << int(header_.size() - 1);
      columns_.insert(header_.back(), {});
    }
    return;
  }
  for (int i : kept_index_)
    columns_[header_[i]].push_back(i < cells.size() ? parse_cell(cells[i]) : std::nan(""));
  ++rows_;
}

}  // namespace rcmae::ui
