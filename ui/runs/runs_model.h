#pragma once
// The runs the Runs tab lists, as a table model: one row per run folder found under the roots
// (the workbench's own runs folder plus any folder opened, e.g. a sweep or a shared disk) or
// watched on its own, one column per summary number. The model finds the folders (a file
// system watcher on the roots, and a rescan every few seconds in case it misses one), polls
// every run once a second so that a run another process is writing grows as it trains, and
// keeps which runs are ticked for the overlay.
//
// Reading stays on the GUI thread: a poll is incremental (RunReader reads only the rows
// appended since the last one, and a stat tells it when nothing was), and the plots read the
// same readers, which would otherwise need a lock around every curve they draw. What a row
// shows is formatted when its run changes, not when it is painted.
#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <memory>
#include <vector>

#include "runs/run_row_cells.h"

class QFileSystemWatcher;

namespace rcmae::ui {

class RunReader;

class RunsModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    NameColumn = 0,
    LineageColumn,  // beside the name: an arm's folder name alone ("m9") says little
    ModeColumn,
    DatasetColumn,
    PresetColumn,
    StepsColumn,
    FinalLossColumn,
    RecNmseColumn,
    KnnColumn,
    ProbeColumn,
    FinetuneColumn,  // best fine-tuned top-1 (finetune.csv)
    StartedColumn,
    ColumnCount
  };
  enum Role {
    FolderRole = Qt::UserRole,  // the run's absolute folder, on every cell
    SortRole,                   // numbers for numeric columns (no value: -inf), else the text
  };

  explicit RunsModel(QObject* parent = nullptr);
  ~RunsModel() override;

  // A folder whose sub-folders are runs (or that is one itself).
  void addRoot(const QString& folder);
  QStringList roots() const { return roots_; }
  // Lists one run folder, wherever it is (it may not have written its files yet).
  void watchRun(const QString& folder);
  // Watched run folders that are not inside one of the roots (to remember them).
  QStringList watchedRuns() const;
  // Lists the run folders under the roots that are not listed yet.
  void rescan();
  // Reads what changed in every run (the timer does this every second), then emits polled.
  void poll();

  // The row of `folder` (any spelling of the path), or -1.
  int rowOf(const QString& folder) const;
  QString folderAt(int row) const;
  const RunReader* reader(const QString& folder) const;
  const RunReader* readerAt(int row) const;

  // Whether any listed run has a value in `column` (a dash counts as none): the "Fork of" and
  // "Fine-tune" columns are shown only then.
  bool hasValues(Column column) const { return filled_.value(column) > 0; }

  // The ticked runs, in the order they were ticked (the overlay's order).
  QStringList checkedFolders() const { return checked_; }
  bool isChecked(const QString& folder) const;
  void setChecked(const QString& folder, bool checked);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;

 Q_SIGNALS:
  void rootsChanged();
  void checkedChanged();
  // After every poll: the runs whose data changed (their curves need redrawing).
  void polled(const QStringList& changed_folders);

 private:
  struct Row {
    std::unique_ptr<RunReader> reader;
    RunRowCells cells;
    bool checked = false;  // checked_ keeps the order, this the O(1) answer for painting
  };
  void addRun(const QString& folder);
  void fill(int row);
  void setCells(int row, RunRowCells cells);

  QStringList roots_;
  QStringList watched_;
  std::vector<Row> rows_;      // only ever appended: a row keeps its index
  QHash<QString, int> index_;  // absolute folder -> row
  QStringList checked_;
  QVector<int> filled_ = QVector<int>(ColumnCount, 0);  // per column: rows with a value
  QFileSystemWatcher* watcher_ = nullptr;
  QTimer timer_;
  int ticks_ = 0;
};

}  // namespace rcmae::ui
