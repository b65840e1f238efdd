#pragma once
// The Runs tab: every run folder under the runs roots in a sortable table (RunsModel through a
// sort proxy), the ticked runs overlaid on four plots (RunsOverlay), the selected run's newest
// reconstruction and run A vs B beside them (RunSnapshotPanel), and what can be done with a
// run (RunActions: Robustness, Fine-tune, Continue training, report). Runs another process is
// writing grow on the plots as they train, and new run folders appear by themselves.
#include <QList>
#include <QStringList>
#include <QWidget>

#include "rcmae/train/train_config.h"
#include "runs/run_series_catalogue.h"
#include "theme.h"
#include "views/workbench_tab.h"

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace rcmae::ui {

class CompareRunner;
class CompareStrip;
class RunActions;
class RunOverlayPlot;
class RunReader;
class RunSnapshotPanel;
class RunsModel;
class RunsOverlay;
class RunsSideBySide;

class RunsBrowser : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit RunsBrowser(QWidget* parent = nullptr);
  ~RunsBrowser() override;

  // A folder whose sub-folders are runs (or that is one itself).
  void addRoot(const QString& folder);
  QStringList roots() const;
  // Lists one run folder, checks it and keeps it on the plots as it grows.
  void watchRun(const QString& folder);
  // Watched run folders that are not inside one of the roots (to remember them).
  QStringList watchedRuns() const;
  // Ticks or unticks a run; a ticked run becomes the current row.
  void setRunChecked(const QString& folder, bool checked);
  QStringList checkedFolders() const;
  // The folder of the current row, or of the only checked run; empty if neither.
  QString currentFolder() const;

  // Rescans the roots and reads what changed (the model does this every second).
  void pollNow();
  void startComparison(const TrainConfig& base, const QString& out_root);

  void applyTheme(const PlotTheme& plot, const ViewTheme& view) override;
  void openRootWithDialog();
  void watchRunWithDialog();
  // Robustness… and Fine-tune… of the current run (RunActions::evaluateActions).
  QList<QAction*> evaluateActions();
  RunActions* actions() const { return actions_; }
  QPushButton* continueButton() const { return continue_button_; }

  // Rows as the table shows them (sorted).
  int rowCount() const;
  QString rowFolder(int row) const;
  QTableView* table() const { return table_; }
  RunsModel* model() const { return model_; }
  QComboBox* xAxisChoice() const { return x_axis_; }
  RunOverlayPlot* plot(RunPlot which) const;
  CompareRunner* compareRunner() const { return compare_; }
  CompareStrip* compareStrip() const { return strip_; }
  // "run · step N" of the snapshot shown beside the plots.
  QString snapshotCaption() const;
  // Run A vs run B beside the plots: the ticked runs (then the others) that saved snapshots.
  RunsSideBySide* sideBySide() const;
  void showSideBySide();
  const RunReader* reader(const QString& folder) const;

 Q_SIGNALS:
  void message(const QString& text, bool error);
  // "Export report…" from a run's context menu.
  void reportRequested(const QString& folder);
  // "Continue training in the window": the folder has a checkpoint.ckpt with steps left.
  void continueRequested(const QString& folder);

 private:
  QWidget* buildHeader();
  QWidget* buildTable();
  void connectSignals();
  void showRowMenu(const QPoint& pos);
  void onPolled(const QStringList& changed);
  void updateOverlay();
  void updateSnapshots();
  void updateContinueButton();
  void updateRootsLabel();
  void showLineageIfAny();

  RunsModel* model_ = nullptr;
  QSortFilterProxyModel* sorted_ = nullptr;
  RunActions* actions_ = nullptr;
  QTableView* table_ = nullptr;
  QLabel* roots_label_ = nullptr;
  QLabel* empty_hint_ = nullptr;
  QPushButton* continue_button_ = nullptr;
  QComboBox* x_axis_ = nullptr;
  RunsOverlay* overlay_ = nullptr;
  RunSnapshotPanel* snapshots_ = nullptr;
  CompareRunner* compare_ = nullptr;
  CompareStrip* strip_ = nullptr;
};

}  // namespace rcmae::ui
