#pragma once
// The Robustness dialog of one run (Runs tab: "Robustness…", Ctrl+Shift+R): kNN and,
// optionally, linear-probe accuracy of the run's frozen encoder on the test split, clean
// and under four OpenCV corruptions at three severities (rcmae/eval/robustness.h). Rows
// fill in as they are computed; the finished table is saved as robustness.csv in the run
// folder, where the PDF run report and `rcmae eval --csv` put it too. A folder that already
// has one shows it on opening. Layout and the job's life are runs/job_dialog.h's.
#include <QElapsedTimer>
#include <QString>
#include <vector>

#include "rcmae/eval/robustness.h"
#include "runs/job_dialog.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace rcmae::ui {

class RobustnessJob;

class RobustnessDialog : public JobDialog {
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

  bool isRunning() const override;

  QCheckBox* probeChoice() const { return probe_; }
  QComboBox* encoderChoice() const { return encoder_; }
  QSpinBox* bankSizeBox() const { return bank_size_; }
  QSpinBox* querySizeBox() const { return query_size_; }
  // summaryText(): the mean over the corrupted rows; progressText(): "row k of 13 · about
  // N s left", "13 of 13 rows"; statusText(): where the table came from or was saved.

 private:
  bool begin() override;
  void requestStop() override;
  void showSavedResults() override;
  void buildSettings();
  void fitTableToRows();
  EvalRequest request() const;
  void onRowDone(const RobustnessRow& row);
  void onFinished(const EvalReport& report);
  void appendRow(const RobustnessRow& row);
  void showRows(const std::vector<RobustnessRow>& rows);
  void updateSummary();
  void updateProgress();
  QString rowsText(const QString& what) const;  // "stopped after 4 of 13 rows"

  RobustnessJob* job_ = nullptr;
  std::vector<RobustnessRow> rows_;
  QElapsedTimer clock_;
  qint64 first_row_ms_ = 0;  // the first row also embeds the bank (and fits the probe)
  QComboBox* encoder_ = nullptr;
  QSpinBox* bank_size_ = nullptr;
  QSpinBox* query_size_ = nullptr;
  QCheckBox* probe_ = nullptr;
};

}  // namespace rcmae::ui
