#pragma once
// The Robustness dialog of one run (Runs tab: "Robustness…", Ctrl+Shift+R): kNN and,
// optionally, linear-probe accuracy of the run's frozen encoder on the test split, clean
// and under four OpenCV corruptions at three severities (rcmae/eval/robustness.h). Rows
// fill in as they are computed; the finished table is saved as robustness.csv in the run
// folder, where the PDF run report and `rcmae eval --csv` put it too. A folder that already
// has one shows it on opening.
//
// The dialog is not modal: closing it while an evaluation runs leaves the evaluation going,
// and reopening the same run shows its progress.
#include <QDialog>
#include <QElapsedTimer>
#include <QString>
#include <vector>

#include "rcmae/eval/robustness.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace rcmae::ui {

class RobustnessJob;

class RobustnessDialog : public QDialog {
  Q_OBJECT

 public:
  enum Column {
    CorruptionColumn = 0,
    SeverityColumn,
    ParameterColumn,
    KnnColumn,
    ProbeColumn,
    ColumnCount
  };
  // Clean, then 4 corruptions x 3 severities (eval/corruptions.h).
  static constexpr int kRowCount = 13;

  explicit RobustnessDialog(const QString& run_folder, QWidget* parent = nullptr);
  ~RobustnessDialog() override;  // a running evaluation is stopped (within one row)

  QString runFolder() const { return folder_; }
  QString checkpointFile() const;
  QString csvFile() const;

  // Starts evaluating with the settings shown. False, with the reason shown in the dialog,
  // when it cannot start (no checkpoint, already running).
  bool start();
  void stop();
  bool isRunning() const;

  QTableWidget* table() const { return table_; }
  QCheckBox* probeChoice() const { return probe_; }
  QComboBox* encoderChoice() const { return encoder_; }
  QSpinBox* bankSizeBox() const { return bank_size_; }
  QSpinBox* querySizeBox() const { return query_size_; }
  QPushButton* startButton() const { return start_; }
  QPushButton* stopButton() const { return stop_; }
  QString errorText() const;     // empty when no problem is shown
  QString summaryText() const;   // the mean over the corrupted rows
  QString progressText() const;  // "row k of 13 · about N s left", "13 of 13 rows"
  QString statusText() const;    // where the table came from, or where it was saved

 Q_SIGNALS:
  // An evaluation ended: ok when all rows were computed and robustness.csv was saved;
  // otherwise `message` says why not.
  void evaluationEnded(bool ok, const QString& message);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void showFolderState();
  QWidget* buildSettings();
  QWidget* buildProgress();
  void buildTable();
  EvalRequest request() const;
  void onRowDone(const RobustnessRow& row);
  void onFinished(const EvalReport& report);
  void onFailed(const QString& message);
  void onCancelled();
  void setRunning(bool running);
  void clearResults();
  void appendRow(const RobustnessRow& row);
  void showRows(const std::vector<RobustnessRow>& rows);
  void updateSummary();
  void updateProgress();
  QString timeLeft() const;
  void showError(const QString& text);
  void showExistingCsv();

  QString folder_;
  RobustnessJob* job_ = nullptr;
  std::vector<RobustnessRow> rows_;
  QElapsedTimer clock_;
  qint64 first_row_ms_ = 0;  // the first row also embeds the bank (and fits the probe)
  QComboBox* encoder_ = nullptr;
  QSpinBox* bank_size_ = nullptr;
  QSpinBox* query_size_ = nullptr;
  QCheckBox* probe_ = nullptr;
  QPushButton* start_ = nullptr;
  QPushButton* stop_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* error_ = nullptr;
  QTableWidget* table_ = nullptr;
  QLabel* summary_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace rcmae::ui
