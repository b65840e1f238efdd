#pragma once
// The Fine-tune dialog of one run (Runs tab: "Fine-tune…", Ctrl+Shift+F): the run's encoder
// and a linear head trained end to end on labelled images, and the same recipe from a fresh
// initialisation of the same architecture, so the table reads like the paper's: scratch vs
// MAE vs RC-MAE (rcmae/eval/finetune_job.h). Each finished fine-tune is appended to the run
// folder's finetune.csv, where `rcmae finetune` writes too; rows already there show on
// opening. Not modal: closing it leaves a fine-tune running; Stop ends it after a step.
#include <QDialog>
#include <QString>
#include <vector>

#include "rcmae/eval/finetune_job.h"

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace rcmae::ui {

class FinetuneJob;

class FinetuneDialog : public QDialog {
  Q_OBJECT

 public:
  enum Column { StartColumn = 0, Top1Column, StepsColumn, TimeColumn, ColumnCount };

  explicit FinetuneDialog(const QString& run_folder, QWidget* parent = nullptr);
  ~FinetuneDialog() override;

  QString runFolder() const { return folder_; }
  QString checkpointFile() const;
  QString csvFile() const;

  // Fine-tunes each ticked starting point in turn. False, with the reason shown, when it
  // cannot start (no checkpoint, nothing ticked, already running).
  bool start();
  void stop();
  bool isRunning() const;

  QCheckBox* teacherChoice() const { return teacher_; }
  QCheckBox* studentChoice() const { return student_; }
  QCheckBox* scratchChoice() const { return scratch_; }
  QSpinBox* epochsBox() const { return epochs_; }
  QSpinBox* trainImagesBox() const { return train_images_; }
  QSpinBox* testImagesBox() const { return test_images_; }
  QTableWidget* table() const { return table_; }
  QString errorText() const;
  QString progressText() const;
  QString statusText() const;

 Q_SIGNALS:
  // The queue ended: ok when every ticked fine-tune finished and was saved.
  void finetuningEnded(bool ok, const QString& message);

 private:
  QWidget* buildSettings();
  QWidget* buildProgress();
  void buildTable();
  void showExistingRows();
  void startNext();
  FinetuneRequest request(const std::string& which) const;
  void onProgress(const FinetuneProgress& progress);
  void onFinished(const FinetuneReport& report);
  void onFailed(const QString& message);
  void endQueue(bool ok, const QString& message);
  void setRunning(bool running);
  void appendRow(const QString& start, double top1, qint64 steps, double train_s);
  void showError(const QString& text);

  QString folder_;
  bool has_teacher_ = true;
  FinetuneJob* job_ = nullptr;
  std::vector<std::string> queue_;  // starting points still to fine-tune
  int queue_size_ = 0;              // ticked when Start was pressed
  bool failed_ = false;
  QCheckBox* teacher_ = nullptr;
  QCheckBox* student_ = nullptr;
  QCheckBox* scratch_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QSpinBox* train_images_ = nullptr;
  QSpinBox* test_images_ = nullptr;
  QPushButton* start_ = nullptr;
  QPushButton* stop_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* progress_text_ = nullptr;
  QLabel* error_ = nullptr;
  QTableWidget* table_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace rcmae::ui
