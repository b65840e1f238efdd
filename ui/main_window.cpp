#include "main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTime>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>

#include "about_dialog.h"
#include "controls/control_panel.h"
#include "keyboard_help.h"
#include "live_feed.h"
#include "presentation/presentation_stage.h"
#include "rcmae/run/run_files.h"
#include "rcmae/session/log_forwarder.h"
#include "rcmae/session/training_session.h"
#include "report/run_report.h"
#include "runs/runs_browser.h"
#include "runs/try_change_dialog.h"
#include "settings_store.h"
#include "status_bar_metrics.h"
#include "sweep/sweep_tab.h"
#include "teaching_preset.h"
#include "user_guide.h"
#include "views/attention_tab.h"
#include "views/curves_panel.h"
#include "views/gradients_tab.h"
#include "views/linear_lab_tab.h"
#include "views/log_panel.h"
#include "views/quality_tab.h"
#include "views/reconstructions_tab.h"
#include "views/workbench_tab.h"

namespace rcmae::ui {

namespace {
// The desk's text size; the presentation stage sizes its own text for the projector.
constexpr int kBaseFontPt = 10;
}  // namespace

MainWindow::MainWindow(SettingsStore* settings, QWidget* parent)
    : QMainWindow(parent), settings_(settings) {
  init_resources();
  setWindowTitle("RC-MAE Workbench");
  setWindowIcon(QIcon(":/icons/app.svg"));
  session_ = new session::TrainingSession(this);
  log_forwarder_ = new session::LogForwarder(this);
  feed_ = new LiveFeed(session_, this);
  runs_root_ = settings ? defaultRunsRoot() : QString();
  actions_ = WindowActions::create(this);
  buildLayout();
  actions_.buildMenus(this, makeTabActions(), runs_->evaluateActions());
  connectSession();
  connectActions();
  runs_->addRoot(runs_root_);
  restoreState();
}

MainWindow::~MainWindow() { session_->stop(); }

QString MainWindow::defaultRunsRoot() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/runs";
}

void MainWindow::buildLayout() {
  controls_ = new ControlPanel;
  auto* scroll = new QScrollArea;
  scroll->setObjectName("settingsScroll");
  scroll->setWidget(controls_);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // Wide enough for the labels, narrow enough that 1280 px leaves room for the views.
  scroll->setMinimumWidth(std::max(340, controls_->minimumSizeHint().width() + 14));
  scroll->setMaximumWidth(460);
  auto* dock = new QDockWidget("Settings", this);
  dock->setObjectName("settingsDock");
  dock->setWidget(scroll);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(Qt::LeftDockWidgetArea, dock);

  buildTabs();

  banner_ = new QLabel;
  banner_->setWordWrap(true);
  banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  banner_->hide();
  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(10, 10, 10, 6);
  layout->setSpacing(8);
  layout->addWidget(banner_);
  layout->addWidget(tabs_, 1);
  stage_ = new PresentationStage(controls_, actions_, &feed_->history());
  pages_ = new QStackedWidget;
  pages_->addWidget(central);
  pages_->addWidget(stage_);
  setCentralWidget(pages_);
  stage_->setSizePolicy(QSizePolicy::Ignored,
                        QSizePolicy::Ignored);  // shown by setPresentationMode

  metrics_ = new StatusBarMetrics(&feed_->history());
  statusBar()->addWidget(metrics_);
  run_label_ = new QLabel;
  run_label_->setObjectName("hint");
  statusBar()->addPermanentWidget(run_label_);
}

void MainWindow::buildTabs() {
  const MetricHistory* history = &feed_->history();
  reconstructions_ = new ReconstructionsTab(history);
  attention_ = new AttentionTab;
  curves_ = new CurvesPanel(history);
  quality_ = new QualityTab(history);
  gradients_ = new GradientsTab(history);
  lab_ = new LinearLabTab;
  log_ = new LogPanel;
  runs_ = new RunsBrowser;
  sweeps_ = new SweepTab;
  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(false);
  addTab(ReconstructionsTabIndex, "reconstructions", "Reconstructions", reconstructions_);
  addTab(AttentionTabIndex, "attention", "Attention", attention_);  // where the cls token looks
  addTab(CurvesTabIndex, "curves", "Curves", curves_);
  addTab(QualityTabIndex, "quality", "Quality", quality_);  // what the run learned, held out
  addTab(GradientsTabIndex, "gradients", "Teacher gradients", gradients_);
  addTab(LabTabIndex, "lab", "Linear lab", lab_);
  addTab(LogTabIndex, "log", "Log", log_);
  addTab(RunsTabIndex, "runs", "Runs", runs_);
  addTab(SweepsTabIndex, "sweeps", "Sweeps", sweeps_);  // runs `rcmae sweep`, shows its heat map
}

void MainWindow::addTabEntry(const TabEntry& entry, const QString& title) {
  // The enum indexes both the tab widget and the list: they must grow together.
  Q_ASSERT(entry.id == tabs_->count() && entry.id == tab_entries_.size());
  tabs_->addTab(entry.widget, title);
  tab_entries_.append(entry);
}

WorkbenchTab* MainWindow::currentTab() const { return tab_entries_.at(tabs_->currentIndex()).tab; }

QWidget* MainWindow::tabNamed(const QString& name) const {
  for (const TabEntry& entry : tab_entries_)
    if (entry.name == name) return entry.widget;
  return nullptr;
}

void MainWindow::connectSession() {
  using session::TrainingSession;
  connect(session_, &TrainingSession::stateChanged, this, &MainWindow::onStateChanged);
  connect(session_, &TrainingSession::runStarted, this, &MainWindow::onRunStarted);
  connect(session_, &TrainingSession::errorOccurred, this, &MainWindow::onError);
  connect(feed_, &LiveFeed::frame, this, &MainWindow::onFrame);
  connect(feed_, &LiveFeed::snapshot, reconstructions_, &ReconstructionsTab::addSnapshot);
  connect(feed_, &LiveFeed::snapshot, attention_, &AttentionTab::addSnapshot);
  connect(feed_, &LiveFeed::snapshot, stage_, &PresentationStage::setSnapshot);
  connect(log_forwarder_, &session::LogForwarder::message, log_, &LogPanel::append);
  connect(controls_, &ControlPanel::liveChangesRequested, this,
          [this](const LiveChanges& changes) { session_->requestChanges(changes); });
  connect(controls_, &ControlPanel::snapshotIntervalChanged, this, [this](int steps) {
    session_->setSnapshotInterval(steps, session_->options().snapshot_every_s);
  });
}

void MainWindow::connectActions() {
  connect(actions_.play_pause, &QAction::triggered, this, &MainWindow::playPause);
  connect(actions_.step, &QAction::triggered, this, [this] {
    if (session_->state() == session::SessionState::Running) session_->pause();
    if (!session_->hasRun()) {
      // Step from nothing: build the run paused, then take the step.
      session_->start(controls_->config(), sessionOptions(true));
    }
    session_->stepOnce();
  });
  connect(actions_.reset, &QAction::triggered, this, &MainWindow::resetTraining);
  connect(actions_.stop, &QAction::triggered, session_, &session::TrainingSession::stop);
  connect(actions_.follow_live, &QAction::triggered, this, &MainWindow::toggleFollowLive);
  connect(actions_.save_figure, &QAction::triggered, this, &MainWindow::saveCurrentFigure);
  connect(actions_.teaching, &QAction::triggered, this, &MainWindow::applyTeachingPreset);
  connect(actions_.presentation, &QAction::toggled, this, &MainWindow::setPresentationMode);
  connect(stage_, &PresentationStage::deskLayoutRequested, this,
          [this] { setPresentationMode(false); });
  connect(stage_, &PresentationStage::teacherModeToggleRequested, this,
          &MainWindow::toggleTeacherMode);
  connect(actions_.about, &QAction::triggered, this, [this] { show_about_dialog(this); });
  connect(actions_.user_guide, &QAction::triggered, this, [this] { open_user_guide(this); });
  connect(actions_.keyboard_help, &QAction::triggered, this, &MainWindow::showKeyboardHelp);
  connect(actions_.quit, &QAction::triggered, this, &QWidget::close);  // closeEvent saves
  connect(actions_.open_runs, &QAction::triggered, this, [this] {
    showRunsTab();
    runs_->openRootWithDialog();
  });
  connect(actions_.watch_run, &QAction::triggered, this, [this] {
    showRunsTab();
    runs_->watchRunWithDialog();
  });
  connect(actions_.compare, &QAction::triggered, this, &MainWindow::compareMaeVsRcmae);
  connect(actions_.try_change, &QAction::triggered, this, &MainWindow::tryChange);
  connect(actions_.export_report, &QAction::triggered, this, [this] { exportRunReport(); });
  // Evaluate > Robustness… / Fine-tune… work on the run selected in the Runs tab: show it.
  for (QAction* evaluation : runs_->evaluateActions())
    connect(evaluation, &QAction::triggered, this, &MainWindow::showRunsTab);
  connect(runs_, &RunsBrowser::message, this, &MainWindow::showBanner);
  connect(runs_, &RunsBrowser::reportRequested, this, &MainWindow::exportRunReport);
  connect(runs_, &RunsBrowser::continueRequested, this, &MainWindow::continueRun);
  connect(actions_.save_checkpoint, &QAction::triggered, session_,
          &session::TrainingSession::requestCheckpoint);
  connect(actions_.dark_theme, &QAction::toggled, this,
          [this](bool dark) { setTheme(dark ? ThemeName::Dark : ThemeName::Light); });
}

session::SessionOptions MainWindow::sessionOptions(bool start_paused) const {
  session::SessionOptions options;
  options.runs_root = runs_root_;
  options.snapshot_every_steps = controls_->snapshotEverySteps();
  options.start_paused = start_paused;
  return options;
}

void MainWindow::clearViews() {
  feed_->clear();
  for (const TabEntry& entry : tab_entries_) entry.tab->clearRun();
  stage_->clear();
  banner_->hide();
  last_error_.clear();
}

void MainWindow::startTraining() {
  const QString problem = controls_->problem();
  if (!problem.isEmpty()) {
    showBanner("Cannot start: " + problem, true);
    return;
  }
  clearViews();
  const TrainConfig config = controls_->config();
  if (settings_) settings_->setTrainConfig(config);
  session_->start(config, sessionOptions(false));
}

void MainWindow::resetTraining() {
  const QString problem = controls_->problem();
  if (!problem.isEmpty()) {
    showBanner("Cannot reset: " + problem, true);
    return;
  }
  session_->stop();
  clearViews();
  // Reset picks up edits made since the run started (model, data, schedule).
  session_->start(controls_->config(), sessionOptions(true));
}

void MainWindow::playPause() {
  switch (session_->state()) {
    case session::SessionState::Running:
      session_->pause();
      break;
    case session::SessionState::Paused:
      session_->resume();
      break;
    default:
      startTraining();
      break;  // Idle, Failed, Finished: a new run
  }
}

void MainWindow::applyTeachingPreset() {
  session_->stop();
  controls_->setConfig(teaching_config());
  controls_->setSnapshotEverySteps(10);
  if (!fashion_mnist_available())
    showBanner(
        "Fashion-MNIST is not installed in /usr/share/datasets; teaching mode uses synthetic "
        "images.",
        false);
  showTab(ReconstructionsTabIndex);
  startTraining();
}

void MainWindow::onStateChanged(session::SessionState state) {
  using session::SessionState;
  const bool running = state == SessionState::Running;
  actions_.showPlaying(running);
  actions_.step->setEnabled(state != SessionState::Finished);
  actions_.stop->setEnabled(session_->hasRun());
  actions_.save_checkpoint->setEnabled(session_->hasRun());
  updateRunActions();
  controls_->setRunActive(session_->hasRun() && state != SessionState::Finished);
  metrics_->setState(state);
}

void MainWindow::onRunStarted(const session::RunInfo& info) {
  reconstructions_->setRunDir(info.run_dir);
  last_run_dir_ = info.run_dir;
  run_start_step_ = info.resumed_step;
  updateRunActions();
  if (info.resumed_step > 0) controls_->setConfig(info.config);  // what the checkpoint trains
  gradients_->setRunConfig(info.config);
  quality_->setRunConfig(info.config);
  metrics_->setStepBudget(info.config.steps);
  metrics_->setBatch(info.config.batch);
  // Short in the status bar (a long path would widen the window past 1280 px), whole in the
  // tooltip.
  const QString dataset = info.dataset_name.section(':', 0, 0);
  const QString folder = QFileInfo(info.run_dir).fileName();
  // Step workers run one thread each: "2 step workers" says both the count and the split.
  const QString compute = info.step_workers > 1 ? QString("%1 step workers").arg(info.step_workers)
                                                : QString("%1 threads").arg(info.threads);
  run_label_->setText(folder.isEmpty() ? QString("%1 · %2").arg(dataset, compute)
                                       : QString("%1 · %2 · %3").arg(dataset, compute, folder));
  run_label_->setToolTip(QString("Dataset: %1\nRun folder: %2\nDemo batch: %3")
                             .arg(info.dataset_name,
                                  info.run_dir.isEmpty() ? "none (not saved)" : info.run_dir,
                                  info.demo_source));
}

void MainWindow::onError(const QString& title, const QString& message) {
  last_error_ = title + ": " + message;
  showBanner(QString("%1 — %2").arg(title, message), true);
}

void MainWindow::showBanner(const QString& text, bool error) {
  banner_->setObjectName(error ? "errorBanner" : "infoBanner");
  banner_->setText(text);
  banner_->style()->unpolish(banner_);
  banner_->style()->polish(banner_);
  banner_->show();
}

void MainWindow::onFrame() {
  for (const TabEntry& entry : tab_entries_) entry.tab->newFrame();
  if (!presentation_) return;
  const double live_ratio = feed_->history().empty() ? -1 : feed_->history().last().mask_ratio;
  stage_->refresh(live_ratio);
}

void MainWindow::showTab(Tab tab) { tabs_->setCurrentIndex(int(tab)); }

// View's tab items: one per tab, the one shown checked however it was chosen (menu, click,
// Ctrl+Tab).
QList<QAction*> MainWindow::makeTabActions() {
  auto* group = new QActionGroup(this);
  for (int i = 0; i < tabs_->count(); ++i) {
    QAction* action = group->addAction(tabs_->tabText(i));
    action->setCheckable(true);
    connect(action, &QAction::triggered, this, [this, i] { tabs_->setCurrentIndex(i); });
  }
  group->actions().at(tabs_->currentIndex())->setChecked(true);
  connect(tabs_, &QTabWidget::currentChanged, group, [group](int index) {
    if (index >= 0) group->actions().at(index)->setChecked(true);
  });
  return group->actions();
}

// ? lists the keys: over the stage in presentation mode (its menus are hidden), else a dialog.
void MainWindow::showKeyboardHelp() {
  if (presentation_)
    stage_->toggleKeysOverlay();
  else
    show_keyboard_help(this);
}

void MainWindow::showRunsTab() { tabs_->setCurrentWidget(runs_); }

void MainWindow::continueRun(const QString& run_folder) {
  clearViews();
  session_->startFromCheckpoint(QDir(run_folder).filePath(run_files::kCheckpoint),
                                sessionOptions(false));
  showTab(CurvesTabIndex);
}

TryChangeDialog* MainWindow::tryChangeDialog() const { return try_change_.data(); }

void MainWindow::updateRunActions() {
  actions_.try_change->setEnabled(session_->hasRun() && !last_run_dir_.isEmpty());
}

qint64 MainWindow::runStep() const {
  return feed_->history().empty() ? run_start_step_ : qint64(feed_->history().last().step);
}

void MainWindow::tryChange() {
  if (!session_->hasRun() || last_run_dir_.isEmpty()) {
    showBanner(
        "Try a change continues the window's run: start training (with a runs folder) "
        "first.",
        false);
    return;
  }
  if (try_change_) {
    try_change_->show();
    try_change_->raise();
    try_change_->activateWindow();
    return;
  }
  auto* dialog = new TryChangeDialog(last_run_dir_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // The live values: the panel sends every change of these to the trainer.
  const TrainConfig config = controls_->config();
  dialog->setCurrentValue("momentum", config.momentum);
  dialog->setCurrentValue("mask-ratio", config.mask_ratio);
  dialog->setCurrentValue("gamma", config.gamma);
  dialog->setCurrentValue("base-lr", config.base_lr);
  // Two trainings on two cores slow each other: the window's run waits for the fork.
  dialog->setPreparation(
      [this] {
        if (session_->state() == session::SessionState::Running) {
          resume_after_try_ = true;
          session_->pause();
        }
        session_->requestCheckpoint();
      },
      [this] { return runStep(); });
  dialog->setTextPixelSize(presentation_ ? PresentationStage::bodyPixelSize(width()) : 0);
  connect(dialog, &TryChangeDialog::adoptRequested, this, &MainWindow::adoptFork);
  connect(dialog, &TryChangeDialog::discarded, this, [this] {
    if (resume_after_try_ && session_->state() == session::SessionState::Paused) session_->resume();
    resume_after_try_ = false;
  });
  try_change_ = dialog;
  dialog->show();
}

// The window trains on in the arm's own folder, running again if it was running before.
void MainWindow::adoptFork(const QString& arm_checkpoint) {
  const bool run_on = resume_after_try_;
  resume_after_try_ = false;
  const QDir arm = QFileInfo(arm_checkpoint).absoluteDir();
  QDir fork = arm;
  fork.cdUp();
  clearViews();
  session_->startFromCheckpoint(arm_checkpoint, sessionOptions(!run_on));
  const QString text = QString("Adopted arm %1 from fork %2")
                           .arg(arm.dirName(), QDir::toNativeSeparators(fork.absolutePath()));
  log_->append(int(session::LogLevel::Info), QTime::currentTime().toString("HH:mm:ss"), text);
  showBanner(run_on ? text : text + " (paused: Space trains on)", false);
}

void MainWindow::compareMaeVsRcmae() {
  const QString problem = controls_->problem();
  if (!problem.isEmpty()) {
    showBanner("Cannot compare: " + problem, true);
    return;
  }
  // Two trainings on two cores: the workbench's own run would slow both and be slowed.
  if (session_->state() == session::SessionState::Running) session_->pause();
  showRunsTab();
  const QString root = runs_root_.isEmpty() ? QDir::temp().filePath("rcmae-runs") : runs_root_;
  runs_->startComparison(controls_->config(), root);
}

void MainWindow::exportRunReport(QString run_folder) {
  if (run_folder.isEmpty())
    run_folder = tabs_->currentWidget() == runs_ || last_run_dir_.isEmpty() ? runs_->currentFolder()
                                                                            : last_run_dir_;
  if (run_folder.isEmpty())
    run_folder = QFileDialog::getExistingDirectory(this, "Report on which run folder?", runs_root_);
  if (run_folder.isEmpty()) return;
  const QString suggested =
      QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
          .filePath(QDir(run_folder).dirName() + "-report.pdf");
  const QString path =
      QFileDialog::getSaveFileName(this, "Export run report", suggested, "PDF document (*.pdf)");
  if (path.isEmpty()) return;
  QString error;
  if (!write_run_report(run_folder, path, &error))
    QMessageBox::warning(this, "Could not write the report", error);
}

WorkbenchTab* MainWindow::figureTab() const {
  WorkbenchTab* shown = currentTab();
  return shown->currentFigure() ? shown : curves_;
}

// Ctrl+S saves the figure last touched on the tab in view; other tabs save a loss curve,
// shown first so that the user sees what is saved.
void MainWindow::saveCurrentFigure() {
  WorkbenchTab* tab = figureTab();
  if (tab == curves_) showTab(CurvesTabIndex);
  tab->saveFigureWithDialog(this);
}

// F toggles following on the tab in view; tabs without live plots toggle the Curves tab's.
void MainWindow::toggleFollowLive() {
  if (!currentTab()->toggleFollowLive()) curves_->toggleFollowLive();
}

void MainWindow::setTheme(ThemeName theme) {
  theme_ = theme;
  apply_theme(*qApp, theme, kBaseFontPt);
  stage_->setTheme(theme);
  for (const TabEntry& entry : tab_entries_)
    entry.tab->applyTheme(plot_theme(theme), view_theme(theme));
  QSignalBlocker block(actions_.dark_theme);
  actions_.dark_theme->setChecked(theme == ThemeName::Dark);
  if (settings_) settings_->setTheme(to_string(theme));
}

// The stage replaces the desk; the settings dock, toolbar, menus and status bar step aside
// (their shortcuts stay: the actions belong to the window).
void MainWindow::setPresentationMode(bool on) {
  presentation_ = on;
  QWidget* desk = pages_->widget(0);
  pages_->setCurrentWidget(on ? static_cast<QWidget*>(stage_) : desk);
  // The page not shown must not widen the window: QStackedLayout skips Ignored pages.
  desk->setSizePolicy(on ? QSizePolicy::Ignored : QSizePolicy::Preferred,
                      on ? QSizePolicy::Ignored : QSizePolicy::Preferred);
  stage_->setSizePolicy(on ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                        on ? QSizePolicy::Preferred : QSizePolicy::Ignored);
  for (QWidget* desk_only : {static_cast<QWidget*>(findChild<QDockWidget*>("settingsDock")),
                             static_cast<QWidget*>(findChild<QToolBar*>("mainToolbar")),
                             static_cast<QWidget*>(menuBar()), static_cast<QWidget*>(statusBar())})
    if (desk_only) desk_only->setVisible(!on);
  if (try_change_)  // a window of its own: its text follows the stage's size
    try_change_->setTextPixelSize(on ? PresentationStage::bodyPixelSize(width()) : 0);
  QSignalBlocker block(actions_.presentation);
  actions_.presentation->setChecked(on);
  if (on) onFrame();  // the stage's loss curve catches up with what ran while it was hidden
  if (settings_) settings_->setPresentationMode(on);
}

void MainWindow::toggleTeacherMode() {
  const bool was_running = session_->state() == session::SessionState::Running;
  controls_->setTeacherMode(controls_->config().has_teacher() ? TeacherMode::Mae
                                                              : TeacherMode::RcMae);
  if (was_running) {
    session_->stop();
    startTraining();  // a new run that goes on running
  } else {
    resetTraining();  // a new run, paused at step 0
  }
}

void MainWindow::restoreState() {
  if (!settings_) {
    setTheme(ThemeName::Light);
    onStateChanged(session::SessionState::Idle);
    return;
  }
  // First start (nothing saved yet): the teaching preset, and a hint on how to begin.
  const bool first_start = !settings_->hasTrainConfig();
  controls_->setConfig(first_start ? teaching_config() : settings_->trainConfig());
  controls_->setSnapshotEverySteps(first_start ? 10 : settings_->snapshotEverySteps());
  if (first_start) showBanner(first_start_hint(), false);
  restoreGeometry(settings_->windowGeometry());
  QMainWindow::restoreState(settings_->windowState());
  setTheme(theme_from_string(settings_->theme()));
  if (settings_->presentationMode()) setPresentationMode(true);
  for (const QString& root : settings_->runsRoots())
    if (QDir(root).exists()) runs_->addRoot(root);
  for (const QString& run : settings_->watchedRuns())
    if (QDir(run).exists()) runs_->watchRun(run);
  onStateChanged(session::SessionState::Idle);
}

void MainWindow::saveState() {
  if (!settings_) return;
  settings_->setTrainConfig(controls_->config());
  settings_->setSnapshotEverySteps(controls_->snapshotEverySteps());
  settings_->setWindowGeometry(saveGeometry());
  settings_->setWindowState(QMainWindow::saveState());
  QStringList extra_roots = runs_->roots();
  extra_roots.removeAll(QDir(runs_root_).absolutePath());
  settings_->setRunsRoots(extra_roots);
  settings_->setWatchedRuns(runs_->watchedRuns());
  settings_->sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveState();
  session_->stop();
  event->accept();
}

}  // namespace rcmae::ui
