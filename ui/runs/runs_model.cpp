#include "runs/runs_model.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>

#include "runs/run_reader.h"

namespace rcmae::ui {
namespace {

constexpr int kFolderPollMs = 1000;
constexpr int kRescanEveryTicks = 5;  // in case the file system watcher misses a new folder

QString absolute(const QString& folder) { return QDir(folder).absolutePath(); }

}  // namespace

RunsModel::RunsModel(QObject* parent)
    : QAbstractTableModel(parent), watcher_(new QFileSystemWatcher(this)) {
  connect(watcher_, &QFileSystemWatcher::directoryChanged, this, &RunsModel::rescan);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (++ticks_ % kRescanEveryTicks == 0) rescan();
    poll();
  });
  timer_.setInterval(kFolderPollMs);
  timer_.start();
}

RunsModel::~RunsModel() = default;

void RunsModel::addRoot(const QString& folder) {
  if (folder.isEmpty()) return;
  const QString path = absolute(folder);
  if (roots_.contains(path)) return;
  roots_ << path;
  QDir().mkpath(path);  // the workbench's own root may not exist before the first run
  watcher_->addPath(path);
  Q_EMIT rootsChanged();
  rescan();
}

void RunsModel::watchRun(const QString& folder) {
  const QString path = absolute(folder);
  if (!watched_.contains(path)) watched_ << path;
  addRun(path);
}

QStringList RunsModel::watchedRuns() const {
  QStringList outside;
  for (const QString& folder : watched_)
    if (!roots_.contains(folder) && !roots_.contains(QFileInfo(folder).absolutePath()))
      outside << folder;
  return outside;
}

void RunsModel::rescan() {
  for (const QString& root : roots_) {
    const QDir dir(root);
    if (RunReader::isRunFolder(root)) addRun(root);
    for (const QString& child : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
      const QString folder = dir.filePath(child);
      if (RunReader::isRunFolder(folder)) addRun(folder);
    }
  }
}

void RunsModel::addRun(const QString& folder) {
  const QString path = absolute(folder);
  if (index_.contains(path)) return;
  auto reader = std::make_unique<RunReader>(path);
  reader->poll();
  const int row = int(rows_.size());
  beginInsertRows({}, row, row);
  rows_.push_back({std::move(reader), {}});
  setCells(row, run_row_cells(*rows_.back().reader));
  index_.insert(path, row);
  endInsertRows();
}

// A row is formatted again when its run changed or its "being written" mark expired.
void RunsModel::poll() {
  QStringList changed;
  for (int row = 0; row < int(rows_.size()); ++row) {
    RunReader& run = *rows_[row].reader;
    const bool grew = run.poll();
    if (!grew && rows_[row].cells.live == run.isLive()) continue;
    fill(row);
    if (grew) changed << run.folder();
  }
  Q_EMIT polled(changed);
}

void RunsModel::fill(int row) {
  setCells(row, run_row_cells(*rows_[row].reader));
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RunsModel::setCells(int row, RunRowCells cells) {
  auto has_value = [](const RunRowCells& row_cells, int column) {
    if (row_cells.cells.size() <= column) return false;
    const QString& text = row_cells.cells[column].text;
    return !text.isEmpty() && text != "–";
  };
  for (int column = 0; column < ColumnCount; ++column)
    filled_[column] += int(has_value(cells, column)) - int(has_value(rows_[row].cells, column));
  rows_[row].cells = std::move(cells);
}

int RunsModel::rowOf(const QString& folder) const { return index_.value(absolute(folder), -1); }

QString RunsModel::folderAt(int row) const { return rows_[row].reader->folder(); }

const RunReader* RunsModel::reader(const QString& folder) const {
  const int row = rowOf(folder);
  return row < 0 ? nullptr : readerAt(row);
}

const RunReader* RunsModel::readerAt(int row) const { return rows_[row].reader.get(); }

bool RunsModel::isChecked(const QString& folder) const {
  const int row = rowOf(folder);
  return row >= 0 && rows_[row].checked;
}

void RunsModel::setChecked(const QString& folder, bool checked) {
  const QString path = absolute(folder);
  const int row = rowOf(path);
  if (row < 0 || rows_[row].checked == checked) return;
  rows_[row].checked = checked;
  if (checked)
    checked_ << path;
  else
    checked_.removeAll(path);
  Q_EMIT dataChanged(index(row, NameColumn), index(row, NameColumn), {Qt::CheckStateRole});
  Q_EMIT checkedChanged();
}

int RunsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(rows_.size());
}

int RunsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const Row& row = rows_[index.row()];
  const RunCell& cell = row.cells.cells[index.column()];
  switch (role) {
    case Qt::DisplayRole:
      return cell.text;
    case Qt::ToolTipRole:
      return cell.tooltip.isEmpty() ? QVariant() : cell.tooltip;
    case Qt::TextAlignmentRole:
      return int((run_column_info(index.column()).numeric ? Qt::AlignRight : Qt::AlignLeft) |
                 Qt::AlignVCenter);
    case Qt::CheckStateRole:
      if (index.column() != NameColumn) return {};
      return row.checked ? Qt::Checked : Qt::Unchecked;
    case FolderRole:
      return row.reader->folder();
    case SortRole:
      return cell.sort_key;
  }
  return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  const RunColumnInfo& column = run_column_info(section);
  if (role == Qt::DisplayRole) return column.title;
  if (role == Qt::ToolTipRole && !column.tip.isEmpty()) return column.tip;
  return {};
}

Qt::ItemFlags RunsModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags flags = QAbstractTableModel::flags(index);
  if (index.column() == NameColumn) flags |= Qt::ItemIsUserCheckable;
  return flags;
}

bool RunsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::CheckStateRole || index.column() != NameColumn) return false;
  setChecked(folderAt(index.row()), value.toInt() == Qt::Checked);
  return true;
}

}  // namespace rcmae::ui
