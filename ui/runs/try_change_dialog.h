#pragma once
// "Try a change" (Evaluate menu, Ctrl+Shift+T): is another value of one setting better than the
// run's own? The window's run is paused and saved, then continued by `rcmae fork` as a
// control arm (its own settings) and one arm per value tried, all on the same random numbers
// (runs/fork_process.h), into RUN_DIR/forks/try-<time>. While the arms train, a plot draws each
// arm's held-out difference from the control with its 95 % band (runs/fork_live_plot.h).
// The answer is one card per arm: each
// metric in words, with the difference's 95 % interval and a verdict (better, worse, can't
// tell). Adopt continues the window's training from the chosen arm; Discard (or Escape)
// leaves the run where it paused, and the window resumes it if it was running. Not modal.
#include <QDialog>
#include <QElapsedTimer>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <functional>

#include "runs/fork_process.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QVBoxLayout;

namespace rcmae::ui {

class ForkLivePlot;

class TryChangeDialog : public QDialog {
  Q_OBJECT

 public:
  // The settings an arm can change, as `rcmae fork --arm` names them.
  static QStringList settingNames() { return {"momentum", "mask-ratio", "gamma", "base-lr"}; }

  // `run_dir`: the run to fork (its checkpoint.ckpt). The current values are read from its
  // config.json until the window passes the live ones (setCurrentValue).
  explicit TryChangeDialog(const QString& run_dir, QWidget* parent = nullptr);
  ~TryChangeDialog() override;

  QString runDir() const { return run_dir_; }
  // The run's value of `setting` (one of settingNames()): the control, which always runs.
  void setCurrentValue(const QString& setting, double value);
  double currentValue(const QString& setting) const;
  // What the window does before a fork: `prepare` pauses the session and asks for a
  // checkpoint; `run_step` says the step the run is at (asked again while waiting: the last
  // step's record may still be on its way). The fork starts once RUN_DIR/events.jsonl's
  // newest checkpoint (or resume) line is at that step; 30 s without one: a problem is shown.
  // Without a preparation the fork starts from the checkpoint as it is.
  void setPreparation(std::function<void()> prepare, std::function<qint64()> run_step);
  // Text size in pixels (the presentation stage's), or 0: the application's font.
  void setTextPixelSize(int pixels);

  // Checks the inputs (shown in the problem line when wrong, nothing started), then prepares
  // and forks. False when refused or already running.
  bool start();
  void stop();
  bool isRunning() const;
  // Shows the results of a finished fork folder (fork.json + comparison.json): after a fork
  // the dialog ran, or to reopen an earlier one. False, with the reason shown, if unreadable.
  bool showResults(const QString& fork_dir);
  QString forkDir() const { return fork_dir_; }

  // The problem with `text` as values of `setting` ("" when fine); `values` gets the numbers.
  // The run's own value and mode take part (fork_values_problem, runs/fork_values.h).
  QString valuesProblem(const QString& text, const QString& setting,
                        QVector<double>* values = nullptr) const;

  ForkProcess* forkProcess() const { return fork_; }
  ForkLivePlot* livePlot() const { return live_; }
  QComboBox* settingBox() const { return setting_; }
  QLineEdit* valuesEdit() const { return values_; }
  QSpinBox* secondsBox() const { return seconds_; }
  QComboBox* adoptBox() const { return adopt_choice_; }
  QPushButton* startButton() const { return start_; }
  QPushButton* adoptButton() const { return adopt_; }
  QPushButton* discardButton() const { return discard_; }
  QString problemText() const;
  QString statusText() const;
  QStringList cardTexts() const { return card_texts_; }  // plain text, one per arm

  // Discard, Escape and the title bar's close: stops a fork still running (its folder
  // stays), emits discarded() and closes.
  void reject() override;

 Q_SIGNALS:
  // Adopt: the chosen arm's checkpoint.ckpt (the window continues training from it).
  void adoptRequested(const QString& arm_checkpoint);
  // Closed without adopting (Discard, Escape, the title bar): the run stays as it was.
  void discarded();
  // A fork the dialog started ended; on ok its cards are shown.
  void forkEnded(bool ok, const QString& message);

 private:
  enum class Phase { Idle, Preparing, Forking };
  QWidget* buildInputs();
  QWidget* buildProgress();
  QWidget* buildResults();
  QWidget* buildAdoptRow();
  void readRunConfig();
  void onSettingChanged();
  void updateEstimate();
  void pollCheckpoint();
  void startFork();
  void onForkProgress(qint64 done, qint64 total, const QString& text);
  void refreshLive();
  void onForkFinished(bool ok, const QString& message);
  void setPhase(Phase phase);
  void clearCards();
  void adopt();
  void showProblem(const QString& text);
  void applyFont();
  void fitToContents();

  QString run_dir_;
  QString run_mode_;
  QMap<QString, double> current_;
  std::function<void()> prepare_;
  std::function<qint64()> run_step_;
  int text_pixels_ = 0;
  Phase phase_ = Phase::Idle;
  QString pending_setting_;
  QVector<double> pending_values_;
  QTimer checkpoint_poll_;
  QElapsedTimer waiting_;
  ForkProcess* fork_ = nullptr;
  QString fork_dir_;
  QStringList card_texts_;

  QComboBox* setting_ = nullptr;
  QLabel* explanation_ = nullptr;
  QLabel* current_label_ = nullptr;  // "now 0.97: the control"
  QLineEdit* values_ = nullptr;
  QSpinBox* seconds_ = nullptr;
  QLabel* problem_ = nullptr;
  QPushButton* start_ = nullptr;
  QProgressBar* progress_ = nullptr;
  ForkLivePlot* live_ = nullptr;  // the arms' differences while they train
  QLabel* status_ = nullptr;
  QScrollArea* results_scroll_ = nullptr;
  QWidget* results_ = nullptr;
  QVBoxLayout* cards_ = nullptr;
  QLabel* method_ = nullptr;
  QLabel* adopt_label_ = nullptr;
  QComboBox* adopt_choice_ = nullptr;
  QPushButton* adopt_ = nullptr;
  QPushButton* discard_ = nullptr;
};

}  // namespace rcmae::ui
