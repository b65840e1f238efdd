#pragma once
// What the Runs tab's engine-job dialogs (Robustness, Fine-tune) share, so they look and
// behave alike: one run folder and its checkpoint.ckpt, an intro, a settings form (the
// encoder first), Start / Stop beside a progress bar with a line under it for the step and
// the time left, a problem line, the result table, a summary line, a status line and Close.
//
// The dialogs are not modal: closing one leaves its job running, and reopening it shows the
// folder as it is now (a CLI may have written the results file meanwhile). A subclass adds
// its settings and columns, builds its engine request from checkpointEncoder(), and says how its
// job starts and stops and what the folder's saved results are.
#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>
#include <filesystem>
#include <string>
#include <vector>

#include "rcmae/eval/encoder_choice.h"

class QFormLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QVBoxLayout;
class QWidget;

namespace rcmae::ui {

// One column of the result table.
struct JobColumn {
  JobColumn(const QString& title, Qt::Alignment alignment = Qt::AlignRight, const QString& tip = {})
      : title(title), alignment(alignment), tip(tip) {}
  QString title;
  Qt::Alignment alignment;  // numbers right; the first column (the stretching name) left
  QString tip;
};

// The words that make a dialog its own.
struct JobDialogTexts {
  QString title;     // "Robustness": the window reads "Robustness · <run>"
  QString intro;     // what the job measures, above the settings
  QString csv_name;  // the results file in the run folder (run_files.h)
  QString verb;      // "evaluate": "… so there is no encoder to evaluate"
};

class JobDialog : public QDialog {
  Q_OBJECT

 public:
  ~JobDialog() override;

  QString runFolder() const { return folder_; }
  QString checkpointFile() const;
  QString csvFile() const;

  // Starts the job with the settings shown. False, with the reason shown in the dialog,
  // when it cannot start (no checkpoint, already running, or the subclass's reason).
  bool start();
  // Asks a running job to end at its next row or step; the end signal follows.
  void stop();
  virtual bool isRunning() const = 0;

  QTableWidget* table() const { return table_; }
  QPushButton* startButton() const { return start_; }
  QPushButton* stopButton() const { return stop_; }
  QString errorText() const;  // empty when no problem is shown
  QString progressText() const;
  QString summaryText() const;
  QString statusText() const;

  // Why a folder without checkpoint.ckpt has no encoder, and when runs save one (the
  // intervals read from the settings that set them).
  static QString noCheckpointText(const QString& verb);

 Q_SIGNALS:
  // The job ended: ok when it finished and its results were saved; otherwise `message`
  // says why not ("stopped" after Stop).
  void jobEnded(bool ok, const QString& message);

 protected:
  JobDialog(const QString& run_folder, const JobDialogTexts& texts, QWidget* parent);

  // For the subclass's constructor: its settings rows first, then finishLayout() sets the
  // table's columns, sizes the dialog and reads the folder. A row's label (its mnemonic
  // focuses the first field) and its fields side by side; an empty label indents them.
  void addSettingsRow(const QString& label, const QList<QWidget*>& fields);
  // "Bank images [2000]   Test images [1000]": two counts in one row.
  void addCountsRow(const QString& label, QSpinBox* first, const QString& second_label,
                    QSpinBox* second);
  void finishLayout(const std::vector<JobColumn>& columns, int width);
  // A figure between the progress line and the table, sharing the height with the table.
  void addFigure(QWidget* figure);

  virtual bool begin() = 0;             // start the job; false with the reason shown
  virtual void requestStop() = 0;       // ask the job to end soon
  virtual void showSavedResults() = 0;  // the results file's rows, and a status

  bool hasTeacher() const { return has_teacher_; }                  // false for an MAE run
  EncoderChoice checkpointEncoder(const std::string& which) const;  // of this run's checkpoint

  void clearResults();
  int appendRow(const QStringList& texts);  // the new row's index
  void setProgress(int done, int total, const QString& text);
  void showError(const QString& text);
  void setStatus(const QString& text);
  void setSummary(const QString& text);
  // The job ended: controls back, `progress` under the bar, the error (if any) shown, and
  // jobEnded emitted.
  void endJob(bool ok, const QString& message, const QString& progress, const QString& status,
              const QString& error = {});

  static QSpinBox* makeSizeBox(int low, int high, int step, int value, const QString& tip);
  // "12 s", "1 min 05 s" with no-break spaces, so a wrapped line keeps it whole.
  static QString durationText(double seconds);
  static QString timeLeftText(double seconds);  // "about 1 min 05 s left"

  void showEvent(QShowEvent* event) override;

 private:
  void showFolderState();
  QWidget* buildProgress();
  void setRunning(bool running);

  QString folder_;
  JobDialogTexts texts_;
  bool has_teacher_ = true;
  std::vector<Qt::Alignment> alignments_;  // per column
  QWidget* settings_ = nullptr;
  QFormLayout* form_ = nullptr;
  QVBoxLayout* layout_ = nullptr;
  QPushButton* start_ = nullptr;
  QPushButton* stop_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* progress_text_ = nullptr;
  QLabel* error_ = nullptr;
  QTableWidget* table_ = nullptr;
  QLabel* summary_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace rcmae::ui
