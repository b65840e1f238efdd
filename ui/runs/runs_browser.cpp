#include "runs/runs_browser.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "runs/compare_runner.h"
#include "runs/compare_strip.h"
#include "runs/run_actions.h"
#include "runs/run_reader.h"
#include "runs/run_snapshot_panel.h"
#include "runs/runs_model.h"
#include "runs/runs_overlay.h"

namespace rcmae::ui {

RunsBrowser::RunsBrowser(QWidget* parent) : QWidget(parent) {
  model_ = new RunsModel(this);
  actions_ = new RunActions(model_, this, [this] { return currentFolder(); });
  compare_ = new CompareRunner(this);
  strip_ = new CompareStrip(compare_, this);
  overlay_ = new RunsOverlay;
  snapshots_ = new RunSnapshotPanel;

  auto* plots = new QWidget;
  auto* plots_layout = new QHBoxLayout(plots);
  plots_layout->setContentsMargins(0, 0, 0, 0);
  plots_layout->addWidget(overlay_, 3);
  plots_layout->addWidget(snapshots_, 2);
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(buildTable());
  splitter->addWidget(plots);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 3);
  splitter->setSizes({190, 520});  // about six runs in view above the plots
  splitter->setChildrenCollapsible(false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->setSpacing(6);
  layout->addWidget(buildHeader());
  layout->addWidget(strip_);
  layout->addWidget(splitter, 1);

  connectSignals();
  showLineageIfAny();
  updateRootsLabel();
  updateContinueButton();
}

RunsBrowser::~RunsBrowser() = default;

QWidget* RunsBrowser::buildHeader() {
  roots_label_ = new QLabel;
  roots_label_->setObjectName("hint");
  roots_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // Long paths must not widen the window; the full list is in the tooltip.
  roots_label_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  auto* open = new QPushButton("Open folder…");
  open->setToolTip("List the runs in another folder too (a sweep, a shared disk)");
  auto* watch = new QPushButton("Watch run folder…");
  watch->setToolTip(
      "Follow one run folder that another process is writing; its curves update live");
  x_axis_ = new QComboBox;
  for (const RunXAxis& axis : run_x_axes()) x_axis_->addItem("x: " + axis.label, axis.column);
  x_axis_->setToolTip("Compare runs at equal steps, equal images seen, or equal wall-clock time");
  connect(x_axis_, &QComboBox::currentIndexChanged, overlay_, &RunsOverlay::setXAxis);
  // One menu button for what can be measured of a finished run keeps the bar narrow. The
  // menu shows the tab's own shortcut actions, so each key is registered once.
  auto* evaluate = new QPushButton("Evaluate");
  auto* evaluations = new QMenu(evaluate);
  evaluations->setToolTipsVisible(true);
  evaluations->addActions(evaluateActions());
  evaluate->setMenu(evaluations);
  evaluate->setToolTip(
      "Robustness (" + RunActions::robustnessKey().toString(QKeySequence::NativeText) +
      ") or fine-tuning (" + RunActions::finetuneKey().toString(QKeySequence::NativeText) +
      ") of the selected run");
  continue_button_ = new QPushButton("Continue training");
  connect(continue_button_, &QPushButton::clicked, actions_,
          [this] { actions_->continueTraining(); });
  auto* refresh = new QPushButton("Refresh");
  connect(open, &QPushButton::clicked, this, &RunsBrowser::openRootWithDialog);
  connect(watch, &QPushButton::clicked, this, &RunsBrowser::watchRunWithDialog);
  connect(refresh, &QPushButton::clicked, this, &RunsBrowser::pollNow);
  auto* header = new QWidget;
  auto* layout = new QHBoxLayout(header);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(roots_label_, 1);
  layout->addWidget(x_axis_);
  layout->addWidget(open);
  layout->addWidget(watch);
  layout->addWidget(evaluate);
  layout->addWidget(continue_button_);
  layout->addWidget(refresh);
  return header;
}

QWidget* RunsBrowser::buildTable() {
  sorted_ = new QSortFilterProxyModel(this);
  sorted_->setSourceModel(model_);
  sorted_->setSortRole(RunsModel::SortRole);  // numbers by value, "no value" first
  table_ = new QTableView;
  table_->setModel(sorted_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  // Run names are never cut short: in a narrow window (presentation mode) the table
  // scrolls sideways instead; spare width goes to the last column.
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setSortingEnabled(true);
  table_->sortByColumn(RunsModel::StartedColumn, Qt::DescendingOrder);
  table_->setAlternatingRowColors(true);
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  empty_hint_ = new QLabel(
      "No runs here yet. Runs appear as they are written: train from the toolbar, run "
      "<code>rcmae train --out FOLDER</code>, use Compare MAE vs RC-MAE, or open a folder.");
  empty_hint_->setObjectName("hint");
  empty_hint_->setWordWrap(true);

  auto* top = new QWidget;
  auto* layout = new QVBoxLayout(top);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(table_, 1);
  layout->addWidget(empty_hint_);
  return top;
}

void RunsBrowser::connectSignals() {
  connect(model_, &RunsModel::rowsInserted, this, [this] {
    empty_hint_->hide();
    showLineageIfAny();
  });
  connect(model_, &RunsModel::rootsChanged, this, &RunsBrowser::updateRootsLabel);
  connect(model_, &RunsModel::checkedChanged, this, &RunsBrowser::updateOverlay);
  connect(model_, &RunsModel::polled, this, &RunsBrowser::onPolled);
  connect(table_, &QWidget::customContextMenuRequested, this, &RunsBrowser::showRowMenu);
  // Double-click anywhere on a row ticks or unticks it (the box itself is small).
  connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    const QString folder = index.data(RunsModel::FolderRole).toString();
    model_->setChecked(folder, !model_->isChecked(folder));
  });
  connect(table_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
    updateSnapshots();
    updateContinueButton();
  });
  connect(actions_, &RunActions::message, this, &RunsBrowser::message);
  connect(actions_, &RunActions::reportRequested, this, &RunsBrowser::reportRequested);
  connect(actions_, &RunActions::continueRequested, this, &RunsBrowser::continueRequested);
  connect(compare_, &CompareRunner::runStarted, this, &RunsBrowser::watchRun);
  connect(compare_, &CompareRunner::finished, this, [this](bool ok, const QString& text) {
    pollNow();
    // A cancel is the user's own doing; the progress row says so, no banner needed.
    if (text != "cancelled") Q_EMIT message("Compare MAE vs RC-MAE: " + text, !ok);
  });
}

void RunsBrowser::addRoot(const QString& folder) {
  model_->addRoot(folder);
  pollNow();
}

QStringList RunsBrowser::roots() const { return model_->roots(); }

void RunsBrowser::watchRun(const QString& folder) {
  model_->watchRun(folder);
  setRunChecked(folder, true);
  pollNow();
}

QStringList RunsBrowser::watchedRuns() const { return model_->watchedRuns(); }

void RunsBrowser::openRootWithDialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, "Open a folder of runs",
                                                           roots().value(0, QDir::homePath()));
  if (folder.isEmpty()) return;
  if (RunReader::isRunFolder(folder))
    watchRun(folder);  // a single run chosen: that is what the user wants to see
  else
    addRoot(folder);
}

void RunsBrowser::watchRunWithDialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, "Watch a run folder",
                                                           roots().value(0, QDir::homePath()));
  if (folder.isEmpty()) return;
  // A run that is about to start may not have written its files yet; watch it anyway.
  if (!RunReader::isRunFolder(folder))
    Q_EMIT message(folder + " has no metrics.csv yet; it will be plotted once the run writes one",
                   false);
  watchRun(folder);
}

void RunsBrowser::updateRootsLabel() {
  QStringList shown;
  for (const QString& root : roots()) shown << QDir::toNativeSeparators(root);
  roots_label_->setText(shown.isEmpty() ? "No runs folder" : "Runs in " + shown.join(" · "));
  roots_label_->setToolTip(shown.join("\n"));
}

void RunsBrowser::pollNow() {
  model_->rescan();
  model_->poll();
}

// The overlay redraws the runs that grew; a new snapshot or checkpoint can appear any time.
void RunsBrowser::onPolled(const QStringList& changed) {
  for (const QString& folder : changed)
    if (overlay_->folders().contains(folder)) {
      overlay_->refresh();
      break;
    }
  showLineageIfAny();
  updateSnapshots();
  updateContinueButton();
}

// "Fork of" is blank for runs of their own, "Fine-tune" for runs never fine-tuned: each is
// shown only when a listed run has a value in it.
void RunsBrowser::showLineageIfAny() {
  for (RunsModel::Column column : {RunsModel::LineageColumn, RunsModel::FinetuneColumn})
    table_->setColumnHidden(column, !model_->hasValues(column));
}

void RunsBrowser::setRunChecked(const QString& folder, bool checked) {
  const int row = model_->rowOf(folder);
  if (row < 0) return;
  model_->setChecked(folder, checked);
  if (checked)
    table_->setCurrentIndex(sorted_->mapFromSource(model_->index(row, RunsModel::NameColumn)));
}

QStringList RunsBrowser::checkedFolders() const { return model_->checkedFolders(); }

QString RunsBrowser::currentFolder() const {
  const QModelIndex current = table_->currentIndex();
  if (current.isValid()) return current.data(RunsModel::FolderRole).toString();
  const QStringList checked = checkedFolders();
  return checked.size() == 1 ? checked.front() : QString();
}

int RunsBrowser::rowCount() const { return sorted_->rowCount(); }

QString RunsBrowser::rowFolder(int row) const {
  return sorted_->index(row, RunsModel::NameColumn).data(RunsModel::FolderRole).toString();
}

const RunReader* RunsBrowser::reader(const QString& folder) const { return model_->reader(folder); }

void RunsBrowser::showRowMenu(const QPoint& pos) {
  const QModelIndex index = table_->indexAt(pos);
  QMenu menu(this);
  if (index.isValid()) {
    actions_->addToMenu(menu, index.data(RunsModel::FolderRole).toString());
    menu.addSeparator();
  }
  menu.addAction("Untick all", this, [this] {
    for (const QString& folder : checkedFolders()) model_->setChecked(folder, false);
  });
  menu.exec(table_->viewport()->mapToGlobal(pos));
}

QList<QAction*> RunsBrowser::evaluateActions() { return actions_->evaluateActions(); }

void RunsBrowser::updateContinueButton() {
  const QString blocker = actions_->continueBlocker(currentFolder());
  continue_button_->setEnabled(blocker.isEmpty());
  continue_button_->setToolTip(
      blocker.isEmpty()
          ? "Load the selected run's checkpoint.ckpt and train its remaining steps in the window"
          : blocker);
}

void RunsBrowser::updateOverlay() {
  QVector<const RunReader*> runs;
  for (const QString& folder : checkedFolders()) runs << model_->reader(folder);
  overlay_->setRuns(runs);
  updateSnapshots();  // A and B follow the ticks until the user picks them
}

// The selected run's snapshot, and for A vs B the runs that saved one, ticked ones first, in
// the table's order.
void RunsBrowser::updateSnapshots() {
  snapshots_->showRun(reader(currentFolder()));
  QVector<SideBySideRun> ticked, others;
  for (int row = 0; row < rowCount(); ++row) {
    const RunReader* run = reader(rowFolder(row));
    if (run->latestSnapshotFile().isEmpty()) continue;
    (model_->isChecked(run->folder()) ? ticked : others).push_back({run->name(), run->folder()});
  }
  snapshots_->setRuns(ticked + others);
}

void RunsBrowser::showSideBySide() {
  updateSnapshots();
  snapshots_->showSideBySide();
}

RunsSideBySide* RunsBrowser::sideBySide() const { return snapshots_->sideBySide(); }

QString RunsBrowser::snapshotCaption() const { return snapshots_->caption(); }

RunOverlayPlot* RunsBrowser::plot(RunPlot which) const { return overlay_->plot(which); }

void RunsBrowser::startComparison(const TrainConfig& base, const QString& out_root) {
  addRoot(out_root);
  QString error;
  if (!compare_->start(base, out_root, &error)) Q_EMIT message("Cannot compare: " + error, true);
}

void RunsBrowser::applyTheme(const PlotTheme& plot, const ViewTheme& view) {
  overlay_->applyTheme(plot);
  snapshots_->setTheme(view);
}

}  // namespace rcmae::ui
