#include "runs/runs_browser.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <cmath>

#include "rcmae/run/run_files.h"
#include "rcmae/session/snapshot_io.h"
#include "runs/compare_runner.h"
#include "runs/compare_strip.h"
#include "runs/finetune_dialog.h"
#include "runs/robustness_dialog.h"
#include "runs/run_overlay_plot.h"
#include "runs/run_reader.h"
#include "runs/runs_side_by_side.h"
#include "views/reconstruction_view.h"

namespace rcmae::ui {
namespace {

constexpr int kPollMs = 1000;
constexpr int kRescanEveryTicks = 5;  // in case the file system watcher misses a new folder
constexpr int kFolderRole = Qt::UserRole;
constexpr int kSortRole = Qt::UserRole + 1;
constexpr int kLiveRole = Qt::UserRole + 2;
// Not taken by the window's actions (window_actions.h); R for robustness.
QKeySequence robustness_key() { return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R); }
// F for fine-tune (plain F follows live plots in the window).
QKeySequence finetune_key() { return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F); }

// Sorts by a number (steps, loss, accuracy, time) rather than by the displayed text.
class SortKeyItem : public QTableWidgetItem {
 public:
  using QTableWidgetItem::QTableWidgetItem;
  bool operator<(const QTableWidgetItem& other) const override {
    const QVariant a = data(kSortRole), b = other.data(kSortRole);
    if (a.isValid() && b.isValid()) {
      // NaN (no data yet) sorts first in ascending order.
      const double x = a.toDouble(), y = b.toDouble();
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && !std::isnan(y);
      return x < y;
    }
    return QTableWidgetItem::operator<(other);
  }
};

QString number_or_dash(double value, const QString& text) { return std::isnan(value) ? "–" : text; }

RunSeries metric_column(const QString& column) {
  return [column](const RunReader& run, const QString& x_column, QVector<double>& x,
                  QVector<double>& y) {
    x = run.metricsColumn(x_column);
    y = run.metricsColumn(column);
  };
}

// quality.csv's steps on the chosen x axis.
QVector<double> quality_x(const RunReader& run, const QString& x_column) {
  const QVector<double> steps = run.qualityColumn("step");
  return x_column == "step" ? steps : run.metricAtSteps(x_column, steps);
}

// Sparse measurements (kNN and probe are not on every quality row): the points that have a
// value, so each run's line runs through its measurements instead of breaking at the gaps.
void drop_missing(QVector<double>& x, QVector<double>& y) {
  QVector<double> kept_x, kept_y;
  for (qsizetype i = 0; i < x.size() && i < y.size(); ++i)
    if (!std::isnan(x[i]) && !std::isnan(y[i])) {
      kept_x << x[i];
      kept_y << y[i];
    }
  x = kept_x;
  y = kept_y;
}

void held_out_nmse(const RunReader& run, const QString& x_column, QVector<double>& x,
                   QVector<double>& y) {
  x = quality_x(run, x_column);
  y = run.qualitySeries("nmse");
  drop_missing(x, y);
}

// Accuracy in percent: quality.csv's measure, or for a run from before quality.csv the
// kNN monitor's knn.csv (it has no probe curve: probe.csv holds the end of the run only).
RunSeries accuracy_percent(const QString& measure) {
  return [measure](const RunReader& run, const QString& x_column, QVector<double>& x,
                   QVector<double>& y) {
    if (run.hasQuality()) {
      x = quality_x(run, x_column);
      y = run.qualitySeries(measure);
    } else if (measure == "knn") {
      x = run.knnColumn("step");
      if (x_column != "step") x = run.metricAtSteps(x_column, x);
      y = run.knnScores();
    } else {
      x.clear();
      y.clear();
    }
    drop_missing(x, y);
    for (double& value : y) value *= 100.0;
  };
}

QVector<OverlayBaseline> pixel_baselines(const RunReader& run) {
  const double knn = run.lastQualityColumn("pixel_knn"),
               probe = run.lastQualityColumn("pixel_probe");
  return {
      {QString("raw pixels: kNN %1 %").arg(100 * knn, 0, 'f', 1), 100 * knn, Qt::SolidLine},
      {QString("raw pixels: probe %1 %").arg(100 * probe, 0, 'f', 1), 100 * probe, Qt::DashLine}};
}

// "65.2 % (px 64.0)": an accuracy next to what raw pixels score on the same evaluation.
QString accuracy_text(double value, double pixels) {
  if (std::isnan(value)) return "–";
  const QString text = QString::number(100 * value, 'f', 1) + " %";
  return std::isnan(pixels) ? text : text + QString(" (px %1)").arg(100 * pixels, 0, 'f', 1);
}

QString accuracy_tip(const QString& what, const RunReader& run, double value, double pixels) {
  if (std::isnan(value)) return QString("No %1 measured yet").arg(what);
  if (!run.hasQuality())
    return QString("%1 from the kNN monitor / end-of-run probe (no %2)")
        .arg(what, run_files::kQuality);
  return QString(
             "%1 of the %2: %3 %, raw pixels %4 %: %5 points (%6 as of step %7, %8 s of training)")
      .arg(what, run.mode() == "mae" ? "student" : "teacher")
      .arg(100 * value, 0, 'f', 1)
      .arg(100 * pixels, 0, 'f', 1)
      .arg(QString::asprintf("%+.1f", 100 * (value - pixels)), run_files::kQuality)
      .arg(run.qualityStep())
      .arg(run.qualityTrainSeconds(), 0, 'f', 0);
}

// The x axes the overlay offers: equal steps, equal images (runs with different batches),
// equal time (what the teacher costs).
struct XChoice {
  const char* label;
  const char* column;
};
constexpr XChoice kXChoices[] = {
    {"step", "step"}, {"images seen", "images_seen"}, {"wall time (s)", "wall_s"}};

QColor palette_color(const PlotTheme& theme, int index) {
  if (index < theme.series.size()) return theme.series[index];
  // Past the theme's palette: hues spread by the golden angle stay distinguishable.
  return QColor::fromHsv(int(index * 137.508) % 360, 170, 210);
}

}  // namespace

RunsBrowser::RunsBrowser(QWidget* parent)
    : QWidget(parent), plot_theme_(plot_theme(ThemeName::Light)) {
  compare_ = new CompareRunner(this);
  strip_ = new CompareStrip(compare_, this);
  watcher_ = new QFileSystemWatcher(this);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(buildTable());
  splitter->addWidget(buildPlots());
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
  poll_.setInterval(kPollMs);
  poll_.start();
  updateRootsLabel();
  updateContinueButton();
}

QWidget* RunsBrowser::buildTable() {
  table_ = new QTableWidget(0, ColumnCount);
  table_->setHorizontalHeaderLabels({"Run", "Mode", "Dataset", "Preset", "Steps", "Final loss",
                                     "Rec. NMSE", "kNN (pixels)", "Probe (pixels)", "Started"});
  table_->horizontalHeaderItem(FinalLossColumn)
      ->setToolTip("Mean loss over the last 10 % of the steps");
  table_->horizontalHeaderItem(RecNmseColumn)
      ->setToolTip(
          "Held-out reconstruction error of the hidden patches relative to filling them with the "
          "mean "
          "visible pixel: 1 = no better than that, 0 = perfect (teacher; student in MAE mode)");
  table_->horizontalHeaderItem(KnnColumn)->setToolTip(
      "Last kNN top-1 accuracy on held-out images (teacher; student in MAE mode), and in brackets "
      "the same kNN on raw pixels: what the features must beat");
  table_->horizontalHeaderItem(ProbeColumn)
      ->setToolTip(
          "Last linear-probe accuracy (teacher; student in MAE mode), and in brackets the probe on "
          "raw pixels");
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  // Run names are never cut short: in a narrow window (presentation mode) the table
  // scrolls sideways instead; spare width goes to the last column.
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setSortingEnabled(true);
  table_->sortByColumn(StartedColumn, Qt::DescendingOrder);
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
  connect(table_, &QTableWidget::itemChanged, this, &RunsBrowser::onItemChanged);
  connect(table_, &QWidget::customContextMenuRequested, this, &RunsBrowser::showRowMenu);
  // Double-click anywhere on a row ticks or unticks it (the box itself is small).
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row) {
    QTableWidgetItem* item = table_->item(row, NameColumn);
    item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
  });
  connect(table_, &QTableWidget::currentCellChanged, this, &RunsBrowser::updateSnapshotView);
  connect(table_, &QTableWidget::currentCellChanged, this, &RunsBrowser::updateContinueButton);
  connect(watcher_, &QFileSystemWatcher::directoryChanged, this, &RunsBrowser::rescanRoots);
  connect(compare_, &CompareRunner::runStarted, this, &RunsBrowser::watchRun);
  connect(compare_, &CompareRunner::finished, this, [this](bool ok, const QString& text) {
    pollNow();
    // A cancel is the user's own doing; the progress row says so, no banner needed.
    if (text != "cancelled") Q_EMIT message("Compare MAE vs RC-MAE: " + text, !ok);
  });
  connect(&poll_, &QTimer::timeout, this, [this] {
    if (++ticks_ % kRescanEveryTicks == 0) rescanRoots();
    pollNow();
  });
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
  for (const XChoice& choice : kXChoices)
    x_axis_->addItem(QString("x: ") + choice.label, choice.column);
  x_axis_->setToolTip("Compare runs at equal steps, equal images seen, or equal wall-clock time");
  connect(x_axis_, &QComboBox::currentIndexChanged, this, [this](int index) {
    for (RunOverlayPlot* plot : plots_)
      plot->setXColumn(kXChoices[index].column, kXChoices[index].label);
  });
  // One menu button for what can be measured of a finished run keeps the bar narrow. The
  // menu shows the tab's own shortcut actions, so each key is registered once.
  auto* evaluate = new QPushButton("Evaluate");
  auto* evaluations = new QMenu(evaluate);
  evaluations->setToolTipsVisible(true);
  evaluations->addActions(evaluateActions());
  evaluate->setMenu(evaluations);
  evaluate->setToolTip("Robustness (" + robustness_key().toString(QKeySequence::NativeText) +
                       ") or fine-tuning (" + finetune_key().toString(QKeySequence::NativeText) +
                       ") of the selected run");
  continue_button_ = new QPushButton("Continue training");
  connect(continue_button_, &QPushButton::clicked, this, [this] { continueTraining(); });
  auto* refresh = new QPushButton("Refresh");
  connect(open, &QPushButton::clicked, this, &RunsBrowser::openRootWithDialog);
  connect(watch, &QPushButton::clicked, this, &RunsBrowser::watchRunWithDialog);
  connect(refresh, &QPushButton::clicked, this, [this] {
    rescanRoots();
    pollNow();
  });
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

// Only while focus is in the Runs tab: other tabs have no current run to evaluate.
QList<QAction*> RunsBrowser::evaluateActions() {
  if (!evaluate_actions_.isEmpty()) return evaluate_actions_;
  auto add = [this](const QString& text, const QKeySequence& key, const QString& tip,
                    void (RunsBrowser::*open)(const QString&)) {
    auto* action = new QAction(text, this);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(tip);
    connect(action, &QAction::triggered, this, [this, open] { (this->*open)(QString()); });
    addAction(action);
    evaluate_actions_.append(action);
  };
  add("Robustness…", robustness_key(),
      "kNN / probe accuracy of the selected run under noise, blur, contrast and JPEG",
      &RunsBrowser::openRobustness);
  add("Fine-tune…", finetune_key(),
      "Fine-tune the selected run's encoder and a from-scratch baseline on labelled images: "
      "test top-1",
      &RunsBrowser::openFinetune);
  return evaluate_actions_;
}

QWidget* RunsBrowser::buildPlots() {
  plots_[HeldOutReconstruction] = new RunOverlayPlot("Held-out reconstruction (NMSE)",
                                                     "NMSE (1 = mean fill)", held_out_nmse, false);
  plots_[Accuracy] = new RunOverlayPlot("Accuracy: kNN (solid), probe (dashed)", "top-1 (%)",
                                        {{"kNN", accuracy_percent("knn"), Qt::SolidLine},
                                         {"probe", accuracy_percent("probe"), Qt::DashLine}},
                                        false);
  plots_[Accuracy]->setBaselines(pixel_baselines);
  plots_[ReconstructionLoss] =
      new RunOverlayPlot("Reconstruction loss", "L_rec", metric_column("loss_rec"), true);
  plots_[ConsistencyLoss] =
      new RunOverlayPlot("Consistency loss", "L_cons", metric_column("loss_cons"), true);
  auto* grid = new QGridLayout;
  grid->setSpacing(6);
  for (int i = 0; i < PlotCount; ++i) grid->addWidget(plots_[i], i / 2, i % 2);

  snapshot_view_ = new ReconstructionView;
  // Its own minimum suits a tab of its own; here it shares the row with four plots.
  snapshot_view_->setMinimumSize(220, 200);
  // The tab says "Latest"; a short title keeps the box from setting the tab's width.
  snapshot_box_ = new QGroupBox("Selected run");
  snapshot_caption_ = new QLabel;
  snapshot_caption_->setObjectName("hint");
  // A long run name must not widen the window.
  snapshot_caption_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  auto* box_layout = new QVBoxLayout(snapshot_box_);
  box_layout->addWidget(snapshot_caption_);
  box_layout->addWidget(snapshot_view_, 1);
  side_by_side_ = new RunsSideBySide;
  reconstruction_tabs_ = new QTabWidget;
  reconstruction_tabs_->addTab(snapshot_box_, "Latest");
  reconstruction_tabs_->addTab(side_by_side_, "Run A vs B");
  reconstruction_tabs_->setTabToolTip(
      1, "Two runs' reconstructions of the same images at the same step");
  reconstruction_tabs_->hide();  // only once a run has saved a snapshot

  legend_ = new QLabel;
  legend_->setWordWrap(true);
  legend_->setTextFormat(Qt::RichText);
  legend_->hide();
  auto* left = new QVBoxLayout;
  left->setContentsMargins(0, 0, 0, 0);
  left->addWidget(legend_);
  left->addLayout(grid, 1);

  auto* plots = new QWidget;
  auto* layout = new QHBoxLayout(plots);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(left, 3);
  layout->addWidget(reconstruction_tabs_, 2);
  return plots;
}

void RunsBrowser::addRoot(const QString& folder) {
  if (folder.isEmpty()) return;
  const QString path = QDir(folder).absolutePath();
  if (roots_.contains(path)) return;
  roots_ << path;
  QDir().mkpath(path);  // the workbench's own root may not exist before the first run
  watcher_->addPath(path);
  updateRootsLabel();
  rescanRoots();
  pollNow();
}

void RunsBrowser::updateRootsLabel() {
  QStringList shown;
  for (const QString& root : roots_) shown << QDir::toNativeSeparators(root);
  roots_label_->setText(roots_.isEmpty() ? "No runs folder" : "Runs in " + shown.join(" · "));
  roots_label_->setToolTip(shown.join("\n"));
}

void RunsBrowser::watchRun(const QString& folder) {
  const QString path = QDir(folder).absolutePath();
  if (!watched_.contains(path)) watched_ << path;
  addRun(folder);
  setRunChecked(QDir(folder).absolutePath(), true);
  pollNow();
}

QStringList RunsBrowser::watchedRuns() const {
  QStringList outside;
  for (const QString& folder : watched_)
    if (!roots_.contains(folder) && !roots_.contains(QFileInfo(folder).absolutePath()))
      outside << folder;
  return outside;
}

void RunsBrowser::openRootWithDialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, "Open a folder of runs",
                                                           roots_.value(0, QDir::homePath()));
  if (folder.isEmpty()) return;
  if (RunReader::isRunFolder(folder))
    watchRun(folder);  // a single run chosen: that is what the user wants to see
  else
    addRoot(folder);
}

void RunsBrowser::watchRunWithDialog() {
  const QString folder = QFileDialog::getExistingDirectory(this, "Watch a run folder",
                                                           roots_.value(0, QDir::homePath()));
  if (folder.isEmpty()) return;
  // A run that is about to start may not have written its files yet; watch it anyway.
  if (!RunReader::isRunFolder(folder))
    Q_EMIT message(folder + " has no metrics.csv yet; it will be plotted once the run writes one",
                   false);
  watchRun(folder);
}

void RunsBrowser::rescanRoots() {
  for (const QString& root : roots_) {
    const QDir dir(root);
    if (RunReader::isRunFolder(root)) addRun(root);
    for (const QString& child : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
      const QString folder = dir.filePath(child);
      if (RunReader::isRunFolder(folder)) addRun(folder);
    }
  }
}

void RunsBrowser::addRun(const QString& folder) {
  const QString path = QDir(folder).absolutePath();
  if (rowOf(path) >= 0) return;
  runs_.push_back(std::make_unique<RunReader>(path));
  runs_.back()->poll();
  const QSignalBlocker block(table_);
  table_->setSortingEnabled(false);
  const int row = table_->rowCount();
  table_->insertRow(row);
  for (int column = 0; column < ColumnCount; ++column)
    table_->setItem(row, column, new SortKeyItem);
  QTableWidgetItem* name = table_->item(row, NameColumn);
  name_items_.insert(path, name);
  name->setData(kFolderRole, path);
  name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
  name->setCheckState(Qt::Unchecked);
  fillRow(row, *runs_.back());
  table_->setSortingEnabled(true);
  empty_hint_->hide();
}

int RunsBrowser::rowOf(const QString& folder) const {
  const QTableWidgetItem* item = name_items_.value(folder);
  return item ? item->row() : -1;
}

int RunsBrowser::rowCount() const { return table_->rowCount(); }

QString RunsBrowser::rowFolder(int row) const {
  return table_->item(row, NameColumn)->data(kFolderRole).toString();
}

const RunReader* RunsBrowser::reader(const QString& folder) const {
  const QString path = QDir(folder).absolutePath();
  for (const auto& run : runs_)
    if (run->folder() == path) return run.get();
  return nullptr;
}

void RunsBrowser::fillRow(int row, const RunReader& run) {
  auto set = [&](Column column, const QString& text, const QVariant& key = {}) {
    QTableWidgetItem* item = table_->item(row, column);
    item->setText(text);
    item->setData(kSortRole, key);
  };
  set(NameColumn, run.name());
  table_->item(row, NameColumn)->setToolTip(QDir::toNativeSeparators(run.folder()));
  set(ModeColumn, run.mode());
  set(DatasetColumn, run.dataset());
  set(PresetColumn, run.preset());
  const QString budget = run.stepBudget() > 0 ? QString(" / %1").arg(run.stepBudget()) : QString();
  // A run another process is still writing: marked, so "watch" has something to watch.
  const bool live = run.isLive();
  set(StepsColumn, (live ? "● " : "") + QString::number(run.stepsDone()) + budget, run.stepsDone());
  QTableWidgetItem* steps = table_->item(row, StepsColumn);
  steps->setData(kLiveRole, live);
  steps->setToolTip(live ? "Being written: metrics.csv grew in the last 30 s" : QString());
  const double loss = run.finalLoss();
  set(FinalLossColumn, number_or_dash(loss, QString::number(loss, 'f', 4)), loss);
  const double nmse = run.lastQuality("nmse");
  set(RecNmseColumn, number_or_dash(nmse, QString::number(nmse, 'f', 3)), nmse);
  const double knn = run.latestKnn(), pixel_knn = run.lastQualityColumn("pixel_knn");
  set(KnnColumn, accuracy_text(knn, pixel_knn), knn);
  table_->item(row, KnnColumn)->setToolTip(accuracy_tip("kNN accuracy", run, knn, pixel_knn));
  const double probe = run.latestProbe(), pixel_probe = run.lastQualityColumn("pixel_probe");
  set(ProbeColumn, accuracy_text(probe, pixel_probe), probe);
  table_->item(row, ProbeColumn)
      ->setToolTip(accuracy_tip("Linear-probe accuracy", run, probe, pixel_probe));
  set(StartedColumn, run.started().toString("yyyy-MM-dd HH:mm"),
      double(run.started().toSecsSinceEpoch()));
  for (int column = ModeColumn; column < ColumnCount; ++column)
    table_->item(row, column)
        ->setTextAlignment(column >= StepsColumn && column <= ProbeColumn
                               ? Qt::AlignRight | Qt::AlignVCenter
                               : Qt::AlignLeft | Qt::AlignVCenter);
}

void RunsBrowser::pollNow() {
  bool overlay_changed = false;
  table_->setSortingEnabled(false);  // rows must not move while they are being filled
  {
    const QSignalBlocker block(table_);
    for (const auto& run : runs_) {
      const bool changed = run->poll();
      const int row = rowOf(run->folder());
      const bool was_live = table_->item(row, StepsColumn)->data(kLiveRole).toBool();
      if (!changed && was_live == run->isLive()) continue;
      fillRow(row, *run);
      if (!changed) continue;
      overlay_changed |= overlaid_.contains(run->folder());
    }
  }
  table_->setSortingEnabled(true);
  if (overlay_changed)
    for (RunOverlayPlot* plot : plots_) plot->refresh();
  updateSnapshotView();
  updateSideBySide();
  updateContinueButton();  // a checkpoint may have been written since
}

void RunsBrowser::setRunChecked(const QString& folder, bool checked) {
  const int row = rowOf(QDir(folder).absolutePath());
  if (row < 0) return;
  table_->item(row, NameColumn)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
  if (checked) table_->setCurrentCell(row, NameColumn);
}

QStringList RunsBrowser::checkedFolders() const {
  QStringList folders;
  for (int row = 0; row < table_->rowCount(); ++row)
    if (table_->item(row, NameColumn)->checkState() == Qt::Checked) folders << rowFolder(row);
  return folders;
}

QString RunsBrowser::currentFolder() const {
  const int row = table_->currentRow();
  if (row >= 0) return rowFolder(row);
  const QStringList checked = checkedFolders();
  return checked.size() == 1 ? checked.front() : QString();
}

void RunsBrowser::showRowMenu(const QPoint& pos) {
  const int row = table_->rowAt(pos.y());
  QMenu menu(this);
  if (row >= 0) {
    const QString folder = rowFolder(row);
    menu.addAction("Export run report…", this, [this, folder] { Q_EMIT reportRequested(folder); });
    menu.addAction("Robustness…", this, [this, folder] { openRobustness(folder); })
        ->setShortcut(robustness_key());
    menu.addAction("Fine-tune…", this, [this, folder] { openFinetune(folder); })
        ->setShortcut(finetune_key());
    QAction* resume = menu.addAction("Continue training in the window", this,
                                     [this, folder] { continueTraining(folder); });
    const QString blocker = continueBlocker(folder);
    resume->setEnabled(blocker.isEmpty());
    resume->setToolTip(blocker.isEmpty()
                           ? "Load checkpoint.ckpt and train the remaining steps in this folder"
                           : blocker);
    menu.setToolTipsVisible(true);
    menu.addAction("Open folder", this,
                   [folder] { QDesktopServices::openUrl(QUrl::fromLocalFile(folder)); });
    menu.addAction("Copy path", this, [folder] { QGuiApplication::clipboard()->setText(folder); });
    menu.addSeparator();
  }
  menu.addAction("Untick all", this, [this] {
    for (int r = 0; r < table_->rowCount(); ++r)
      table_->item(r, NameColumn)->setCheckState(Qt::Unchecked);
  });
  menu.exec(table_->viewport()->mapToGlobal(pos));
}

void RunsBrowser::openRobustness(const QString& folder) {
  const QString target = folder.isEmpty() ? currentFolder() : folder;
  if (target.isEmpty()) {
    Q_EMIT message("Select a run in the table first: Robustness… evaluates that run's checkpoint",
                   false);
    return;
  }
  const QString run = QDir(target).absolutePath();
  RobustnessDialog* dialog = robustness_dialogs_.value(run);
  if (!dialog) {
    dialog = new RobustnessDialog(run, this);
    robustness_dialogs_.insert(run, dialog);
    // A dialog closed while it worked still reports how its evaluation ended.
    connect(dialog, &RobustnessDialog::evaluationEnded, this,
            [this, dialog](bool ok, const QString& text) {
              if (dialog->isVisible()) return;
              const QString run = QFileInfo(dialog->runFolder()).fileName();
              Q_EMIT message("Robustness of " + run + ": " + text, !ok);
            });
  }
  dialog->show();
  dialog->raise();
  dialog->activateWindow();
}

void RunsBrowser::openFinetune(const QString& folder) {
  const QString target = folder.isEmpty() ? currentFolder() : folder;
  if (target.isEmpty()) {
    Q_EMIT message("Select a run in the table first: Fine-tune… trains that run's encoder", false);
    return;
  }
  const QString run = QDir(target).absolutePath();
  FinetuneDialog* dialog = finetune_dialogs_.value(run);
  if (!dialog) {
    dialog = new FinetuneDialog(run, this);
    finetune_dialogs_.insert(run, dialog);
    // A dialog closed while it worked still reports how its fine-tunes ended.
    connect(dialog, &FinetuneDialog::finetuningEnded, this,
            [this, dialog](bool ok, const QString& text) {
              if (dialog->isVisible()) return;
              const QString run = QFileInfo(dialog->runFolder()).fileName();
              Q_EMIT message("Fine-tune of " + run + ": " + text, !ok);
            });
  }
  dialog->show();
  dialog->raise();
  dialog->activateWindow();
}

FinetuneDialog* RunsBrowser::finetuneDialog(const QString& folder) const {
  return finetune_dialogs_.value(QDir(folder).absolutePath());
}

RobustnessDialog* RunsBrowser::robustnessDialog(const QString& folder) const {
  return robustness_dialogs_.value(QDir(folder).absolutePath());
}

QString RunsBrowser::continueBlocker(const QString& folder) const {
  if (folder.isEmpty()) return "Select a run in the table first";
  if (!QFileInfo::exists(QDir(folder).filePath(run_files::kCheckpoint)))
    return "This run has no checkpoint.ckpt to continue from";
  // A run at the end of its budget would only stop again: its schedules are spent.
  const RunReader* run = reader(folder);
  if (run && run->stepBudget() > 0 && run->stepsDone() >= run->stepBudget())
    return QString("This run has trained its whole budget of %1 steps").arg(run->stepBudget());
  return {};
}

void RunsBrowser::continueTraining(const QString& folder) {
  const QString target = QDir(folder.isEmpty() ? currentFolder() : folder).absolutePath();
  const QString blocker = continueBlocker(folder.isEmpty() ? currentFolder() : target);
  if (!blocker.isEmpty()) {
    Q_EMIT message("Cannot continue training: " + blocker, false);
    return;
  }
  Q_EMIT continueRequested(target);
}

void RunsBrowser::updateContinueButton() {
  const QString blocker = continueBlocker(currentFolder());
  continue_button_->setEnabled(blocker.isEmpty());
  continue_button_->setToolTip(
      blocker.isEmpty()
          ? "Load the selected run's checkpoint.ckpt and train its remaining steps in the window"
          : blocker);
}

void RunsBrowser::onItemChanged() {
  if (checkedFolders() == overlaid_) return;
  updateOverlay();
  updateSideBySide();  // A and B follow the ticks until the user picks them
}

QColor RunsBrowser::colorFor(const QString& folder) {
  if (!color_index_.contains(folder)) {
    // The lowest index no checked run uses: unchecking and rechecking keeps colours few.
    int index = 0;
    const QList<int> used = color_index_.values();
    while (used.contains(index)) ++index;
    color_index_.insert(folder, index);
  }
  return palette_color(plot_theme_, color_index_.value(folder));
}

void RunsBrowser::updateOverlay() {
  overlaid_ = checkedFolders();
  for (const QString& folder : color_index_.keys())
    if (!overlaid_.contains(folder)) color_index_.remove(folder);
  QVector<OverlayRun> runs;
  for (const QString& folder : overlaid_) runs.push_back({reader(folder), colorFor(folder)});
  for (RunOverlayPlot* plot : plots_) plot->setRuns(runs);
  QStringList entries;
  for (const OverlayRun& run : runs)
    entries << QString("<span style=\"color:%1; font-weight:bold\">&#9632;</span>&nbsp;%2")
                   .arg(run.color.name(), run.run->name().toHtmlEscaped());
  legend_->setText(entries.join("&nbsp;&nbsp;&nbsp; "));
  legend_->setVisible(!entries.isEmpty());
}

// The newest snapshot the current run spilled to its folder, if any.
void RunsBrowser::updateSnapshotView() {
  const RunReader* run = reader(currentFolder());
  const QString file = run ? run->latestSnapshotFile() : QString();
  if (file == shown_snapshot_) return;
  shown_snapshot_ = file;
  auto snapshot = file.isEmpty() ? std::nullopt : session::load_snapshot(file);
  if (!snapshot) {
    snapshot_view_->clear();
    snapshot_caption_->setText(run ? run->name() + " has saved no reconstruction snapshot yet"
                                   : "Select a run in the table");
    updateSideBySide();
    return;
  }
  snapshot_caption_->setText(QString("%1 · step %2").arg(run->name()).arg(snapshot->step));
  snapshot_caption_->setToolTip(file);
  snapshot_view_->setSnapshot(std::make_shared<const ReconstructionSnapshot>(std::move(*snapshot)));
  updateSideBySide();
}

// Runs that saved a snapshot, the ticked ones first: the first two are A and B until the
// user picks. The column beside the plots shows once there is a snapshot to look at.
void RunsBrowser::updateSideBySide() {
  QVector<SideBySideRun> ticked, others;
  for (int row = 0; row < table_->rowCount(); ++row) {
    const RunReader* run = reader(rowFolder(row));
    if (!run || run->latestSnapshotFile().isEmpty()) continue;
    const bool checked = table_->item(row, NameColumn)->checkState() == Qt::Checked;
    (checked ? ticked : others).push_back({run->name(), run->folder()});
  }
  side_by_side_->setRuns(ticked + others);
  const bool any = !ticked.isEmpty() || !others.isEmpty();
  if (reconstruction_tabs_->isHidden() == any) reconstruction_tabs_->setVisible(any);
}

void RunsBrowser::showSideBySide() {
  updateSideBySide();
  reconstruction_tabs_->setCurrentWidget(side_by_side_);
}

QString RunsBrowser::snapshotCaption() const { return snapshot_caption_->text(); }

void RunsBrowser::startComparison(const TrainConfig& base, const QString& out_root) {
  addRoot(out_root);
  QString error;
  if (!compare_->start(base, out_root, &error)) Q_EMIT message("Cannot compare: " + error, true);
}

void RunsBrowser::applyTheme(const PlotTheme& plot, const ViewTheme& view) {
  plot_theme_ = plot;
  for (RunOverlayPlot* p : plots_) p->applyTheme(plot);
  snapshot_view_->setTheme(view);
  side_by_side_->setTheme(view);
  updateOverlay();  // run colours come from the theme's palette
}

}  // namespace rcmae::ui
