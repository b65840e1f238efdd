#pragma once
// The Runs tab: every run folder under the runs roots (the workbench's own runs folder plus
// any folder the user opens, e.g. a sweep or a shared disk) in a sortable table; the
// checked runs overlaid on four plots (held-out reconstruction NMSE, kNN and probe accuracy
// against the raw-pixel baselines, reconstruction and consistency loss), one colour per run.
// Folders are polled every second, so a run that another process is writing (a CLI `rcmae train`,
// rank 0 of a distributed run, a comparison) grows on the plots as it trains, and new run folders
// appear by themselves. A run's Robustness dialog (Evaluate menu, context menu, Ctrl+Shift+R)
// evaluates its checkpoint, its Fine-tune dialog (Evaluate menu, context menu, Ctrl+Shift+F)
// fine-tunes it; a run with a checkpoint and steps left can be continued in the window (button,
// context menu).
#include <QHash>
#include <QList>
#include <QStringList>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <vector>

#include "rcmae/train/train_config.h"
#include "theme.h"

class QAction;
class QComboBox;
class QFileSystemWatcher;
class QGroupBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTableWidgetItem;

namespace rcmae::ui {

class CompareRunner;
class CompareStrip;
class FinetuneDialog;
class RobustnessDialog;
class ReconstructionView;
class RunOverlayPlot;
class RunReader;
class RunsSideBySide;

class RunsBrowser : public QWidget {
  Q_OBJECT

 public:
  // What was learned first (held-out numbers), then how training went (losses).
  enum Plot { HeldOutReconstruction = 0, Accuracy, ReconstructionLoss, ConsistencyLoss, PlotCount };
  enum Column {
    NameColumn = 0,
    ModeColumn,
    DatasetColumn,
    PresetColumn,
    StepsColumn,
    FinalLossColumn,
    RecNmseColumn,
    KnnColumn,
    ProbeColumn,
    StartedColumn,
    ColumnCount
  };

  explicit RunsBrowser(QWidget* parent = nullptr);
  ~RunsBrowser() override;

  // A folder whose sub-folders are runs (or that is one itself).
  void addRoot(const QString& folder);
  QStringList roots() const { return roots_; }
  // Lists one run folder, checks it and keeps it on the plots as it grows.
  void watchRun(const QString& folder);
  // Watched run folders that are not inside one of the roots (to remember them).
  QStringList watchedRuns() const;
  void setRunChecked(const QString& folder, bool checked);
  QStringList checkedFolders() const;
  // The folder of the current row, or of the only checked run; empty if neither.
  QString currentFolder() const;

  // Rescans the roots and reads what changed (the timer does this every second).
  void pollNow();
  void startComparison(const TrainConfig& base, const QString& out_root);

  void applyTheme(const PlotTheme& plot, const ViewTheme& view);
  void openRootWithDialog();
  void watchRunWithDialog();
  // Shows the Robustness dialog of `folder` (one per run, kept while the tab lives, so an
  // evaluation carries on when its dialog is closed); the current run's when empty.
  void openRobustness(const QString& folder = {});
  // The run's dialog if it was opened, else null.
  RobustnessDialog* robustnessDialog(const QString& folder) const;
  // The Fine-tune dialog of `folder` (Evaluate > Fine-tune…, Ctrl+Shift+F), kept like the
  // Robustness one so fine-tuning carries on when it is closed; the current run's when empty.
  void openFinetune(const QString& folder = {});
  FinetuneDialog* finetuneDialog(const QString& folder) const;
  // Asks the window to continue `folder` (the current run's when empty) from its
  // checkpoint: emits continueRequested, or a message saying why it cannot.
  void continueTraining(const QString& folder = {});
  // Why `folder` cannot be continued (no checkpoint.ckpt, budget spent); empty if it can.
  QString continueBlocker(const QString& folder) const;
  QPushButton* continueButton() const { return continue_button_; }

  int rowCount() const;
  QString rowFolder(int row) const;
  QTableWidget* table() const { return table_; }
  QComboBox* xAxisChoice() const { return x_axis_; }
  RunOverlayPlot* plot(Plot which) const { return plots_[which]; }
  CompareRunner* compareRunner() const { return compare_; }
  CompareStrip* compareStrip() const { return strip_; }
  // "run · step N" of the snapshot shown beside the plots; empty when none is.
  QString snapshotCaption() const;
  // Run A vs run B beside the plots: the ticked runs (then the others) that saved snapshots.
  RunsSideBySide* sideBySide() const { return side_by_side_; }
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
  // Robustness… and Fine-tune…, with their shortcuts (made once; the Evaluate menu shows them).
  QList<QAction*> evaluateActions();
  QWidget* buildTable();
  void connectSignals();
  QWidget* buildPlots();
  void rescanRoots();
  void addRun(const QString& folder);
  int rowOf(const QString& folder) const;
  void fillRow(int row, const RunReader& run);
  void onItemChanged();
  void showRowMenu(const QPoint& pos);
  void updateOverlay();
  void updateSnapshotView();
  void updateSideBySide();
  void updateContinueButton();
  void updateRootsLabel();
  QColor colorFor(const QString& folder);

  QStringList roots_;
  QStringList watched_;
  QHash<QString, QTableWidgetItem*> name_items_;  // folder -> its Run cell (rows move when sorted)
  std::vector<std::unique_ptr<RunReader>> runs_;
  QHash<QString, int> color_index_;  // stable colours for checked runs
  QStringList overlaid_;             // folders currently on the plots, in order
  QString shown_snapshot_;
  PlotTheme plot_theme_;
  QTableWidget* table_ = nullptr;
  QLabel* roots_label_ = nullptr;
  QPushButton* continue_button_ = nullptr;
  QComboBox* x_axis_ = nullptr;
  QLabel* empty_hint_ = nullptr;
  QLabel* legend_ = nullptr;  // one legend for the four plots
  RunOverlayPlot* plots_[PlotCount] = {};
  QGroupBox* snapshot_box_ = nullptr;
  ReconstructionView* snapshot_view_ = nullptr;
  QLabel* snapshot_caption_ = nullptr;         // which run, which step
  QTabWidget* reconstruction_tabs_ = nullptr;  // the latest snapshot | run A vs run B
  RunsSideBySide* side_by_side_ = nullptr;
  QHash<QString, RobustnessDialog*> robustness_dialogs_;  // folder -> its dialog (a child)
  QHash<QString, FinetuneDialog*> finetune_dialogs_;      // folder -> its dialog (a child)
  QList<QAction*> evaluate_actions_;
  QFileSystemWatcher* watcher_ = nullptr;
  CompareRunner* compare_ = nullptr;
  CompareStrip* strip_ = nullptr;
  QTimer poll_;
  int ticks_ = 0;
};

}  // namespace rcmae::ui
