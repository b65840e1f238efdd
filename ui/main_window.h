#pragma once
// The workbench window: settings dock on the left, tabs (Reconstructions, Attention, Curves,
// Quality, Teacher gradients, Linear lab, Log, Runs, Sweeps) in the middle, training commands in
// the toolbar, every command in the menus (File, View, Run, Evaluate, Help), live numbers in the
// status bar. It wires the session to the views; the views themselves live in their own files.
#include <QList>
#include <QMainWindow>
#include <QPointer>

#include "rcmae/session/session_types.h"
#include "theme.h"
#include "window_actions.h"

class QAction;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace rcmae::session {
class LogForwarder;
class TrainingSession;
}  // namespace rcmae::session

namespace rcmae::ui {

class ControlPanel;
class CurvesPanel;
class AttentionTab;
class GradientsTab;
class LinearLabTab;
class LiveFeed;
class LogPanel;
class PresentationStage;
class QualityTab;
class ReconstructionsTab;
class RunsBrowser;
class SweepTab;
class TryChangeDialog;
class WorkbenchTab;
class SettingsStore;
class StatusBarMetrics;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // `settings` may be null (screenshot and benchmark modes: nothing restored or saved).
  explicit MainWindow(SettingsStore* settings, QWidget* parent = nullptr);
  ~MainWindow() override;

  // The tabs in the order shown: an index of tabs() and of tabEntries().
  enum Tab {
    ReconstructionsTabIndex = 0,
    AttentionTabIndex = 1,
    CurvesTabIndex = 2,
    QualityTabIndex = 3,
    GradientsTabIndex = 4,
    LabTabIndex = 5,
    LogTabIndex = 6,
    RunsTabIndex = 7,
    SweepsTabIndex = 8
  };
  // One tab as the window knows it; the window reaches every tab through this list.
  struct TabEntry {
    Tab id;
    QString name;  // what `--tab NAME` takes: "reconstructions", "curves", ...
    QWidget* widget;
    WorkbenchTab* tab;
  };
  const QList<TabEntry>& tabEntries() const { return tab_entries_; }
  // The tab `--tab NAME` names; null when none has that name.
  QWidget* tabNamed(const QString& name) const;
  // The tab whose figure Ctrl+S saves: the one in view when it draws one, else Curves.
  WorkbenchTab* figureTab() const;

  // Where run folders go; empty: none are written.
  void setRunsRoot(const QString& root) { runs_root_ = root; }
  static QString defaultRunsRoot();

  void startTraining();
  void resetTraining();
  void applyTeachingPreset();
  void setTheme(ThemeName theme);
  // Shows the stage (presentation/presentation_stage.h) instead of the desk layout.
  void setPresentationMode(bool on);
  bool presentationMode() const { return presentation_; }
  // MAE <-> RC-MAE, starting again from step 0 (running again if it was running).
  void toggleTeacherMode();
  void showTab(Tab tab);
  void saveCurrentFigure();
  // Runs tab: MAE and RC-MAE of the current settings, one after the other, overlaid.
  void compareMaeVsRcmae();
  // Asks where to write the one-page PDF of `run_folder` (default: the run in view).
  void exportRunReport(QString run_folder = {});
  void showRunsTab();
  // Help > Keyboard shortcuts (?): a dialog of every key, or the stage's list in presentation mode.
  void showKeyboardHelp();
  // Continues `run_folder` from its checkpoint.ckpt in the window (Runs tab).
  void continueRun(const QString& run_folder);
  // "Try a change" (Evaluate menu, Ctrl+Shift+T) on the window's run: the dialog pauses the run,
  // has it saved and forks it; Adopt continues training from the chosen arm, Discard resumes
  // the run if the dialog paused it while running. Needs a run with a folder.
  void tryChange();
  TryChangeDialog* tryChangeDialog() const;  // the open one, or null

  session::TrainingSession* session() const { return session_; }
  ControlPanel* controls() const { return controls_; }
  CurvesPanel* curves() const { return curves_; }
  QualityTab* quality() const { return quality_; }
  GradientsTab* gradients() const { return gradients_; }
  LinearLabTab* lab() const { return lab_; }
  ReconstructionsTab* reconstructions() const { return reconstructions_; }
  AttentionTab* attention() const { return attention_; }
  RunsBrowser* runs() const { return runs_; }
  SweepTab* sweeps() const { return sweeps_; }
  LogPanel* logPanel() const { return log_; }
  LiveFeed* feed() const { return feed_; }
  PresentationStage* stage() const { return stage_; }
  QTabWidget* tabs() const { return tabs_; }
  QString lastError() const { return last_error_; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildLayout();
  void buildTabs();
  // Adds `tab` to the tab widget and to the list; `id` must be the next index.
  template <class T>
  void addTab(Tab id, const QString& name, const QString& title, T* tab) {
    addTabEntry({id, name, tab, tab}, title);
  }
  void addTabEntry(const TabEntry& entry, const QString& title);
  WorkbenchTab* currentTab() const;
  void connectSession();
  void connectActions();
  QList<QAction*> makeTabActions();
  void restoreState();
  void saveState();
  void onStateChanged(session::SessionState state);
  void onRunStarted(const session::RunInfo& info);
  void onError(const QString& title, const QString& message);
  void onFrame();
  void playPause();
  void showBanner(const QString& text, bool error);
  void toggleFollowLive();
  void clearViews();
  void adoptFork(const QString& arm_checkpoint);
  qint64 runStep() const;  // the newest step the window has heard of
  void updateRunActions();
  session::SessionOptions sessionOptions(bool start_paused) const;

  SettingsStore* settings_;
  session::TrainingSession* session_ = nullptr;
  session::LogForwarder* log_forwarder_ = nullptr;
  LiveFeed* feed_ = nullptr;
  ControlPanel* controls_ = nullptr;
  CurvesPanel* curves_ = nullptr;
  QualityTab* quality_ = nullptr;
  GradientsTab* gradients_ = nullptr;
  LinearLabTab* lab_ = nullptr;
  ReconstructionsTab* reconstructions_ = nullptr;
  AttentionTab* attention_ = nullptr;
  RunsBrowser* runs_ = nullptr;
  SweepTab* sweeps_ = nullptr;
  LogPanel* log_ = nullptr;
  StatusBarMetrics* metrics_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QList<TabEntry> tab_entries_;  // in the order of tabs_
  PresentationStage* stage_ = nullptr;
  QStackedWidget* pages_ = nullptr;  // the desk layout, or the stage
  QLabel* banner_ = nullptr;
  QLabel* run_label_ = nullptr;
  WindowActions actions_;
  ThemeName theme_ = ThemeName::Light;
  bool presentation_ = false;
  QString runs_root_;
  QString last_error_;
  QString last_run_dir_;
  qint64 run_start_step_ = 0;  // a resumed run's first step, before any record arrives
  QPointer<TryChangeDialog> try_change_;
  bool resume_after_try_ = false;  // the run was training when Try a change paused it
};

}  // namespace rcmae::ui
