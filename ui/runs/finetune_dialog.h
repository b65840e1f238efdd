#pragma once
// The Fine-tune dialog of one run (Runs tab: "Fine-tune…", Ctrl+Shift+F): the run's encoder
// and a linear head trained end to end on labelled images, and the same recipe from a fresh
// initialisation of the same architecture, so the table reads like the paper's: scratch vs
// MAE vs RC-MAE (rcmae/eval/finetune_job.h). Each finished fine-tune is appended to the run
// folder's finetune.csv, where `rcmae finetune` writes too; rows already there show on
// opening. The summary under the table says how far each start is above scratch, with a 95 %
// interval paired by test image when finetune_items.csv has both (else the unpaired one). Stop ends
// a fine-tune after its step. Layout and the job's life are runs/job_dialog.h's.
#include <QMap>
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

#include "rcmae/eval/finetune_job.h"
#include "rcmae/run/paired_items.h"
#include "runs/job_dialog.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace rcmae::ui {

class FinetuneCurve;
class FinetuneJob;

class FinetuneDialog : public JobDialog {
  Q_OBJECT

 public:
  enum Column { StartColumn = 0, Top1Column, StepsColumn, TimeColumn, ColumnCount };

  explicit FinetuneDialog(const QString& run_folder, QWidget* parent = nullptr);
  ~FinetuneDialog() override;

  // start() fine-tunes each ticked starting point in turn; it also refuses when none is
  // ticked.
  bool isRunning() const override;

  QCheckBox* teacherChoice() const { return teacher_; }
  QCheckBox* studentChoice() const { return student_; }
  QCheckBox* scratchChoice() const { return scratch_; }
  // Quick / Full (eval/finetune_recipe.h) set the epochs and training images; Custom is
  // shown whenever the boxes hold another combination.
  QComboBox* recipeBox() const { return recipe_; }
  FinetuneCurve* curve() const { return curve_; }
  QSpinBox* epochsBox() const { return epochs_; }
  QSpinBox* trainImagesBox() const { return train_images_; }
  QSpinBox* testImagesBox() const { return test_images_; }
  // Ticked: each fine-tune also writes RUN/models/finetune-START-TIME.pth (+ .json) for PyTorch.
  QCheckBox* saveModelChoice() const { return save_model_; }

 private:
  bool begin() override;
  void requestStop() override;
  void showSavedResults() override;
  void buildSettings();
  void applyRecipe();        // the recipe chosen: its sizes into the boxes
  void showRecipeOfBoxes();  // the boxes changed: the recipe they match, or Custom
  void startNext();
  FinetuneRequest request(const std::string& which) const;
  QString modelFile(const std::string& which) const;
  QString queueText(const std::string& which) const;  // "Teacher (1 of 2)"
  void onProgress(const FinetuneProgress& progress);
  void onFinished(const FinetuneReport& report);
  void endQueue(bool ok, const QString& message);
  void addResult(const QString& init, double top1, qint64 steps, double train_s,
                 qint64 test_images);
  void updateSummary();
  // The summary from finetune_items.csv when each start and scratch kept which test images
  // their latest fine-tune got right (on the same images); empty when they did not.
  QString pairedSummary() const;
  void readItems();

  FinetuneJob* job_ = nullptr;
  std::vector<std::string> queue_;  // starting points still to fine-tune
  int queue_size_ = 0;              // ticked when Start was pressed
  struct Top1 {
    double top1 = 0;
    qint64 test_images = 0;  // what the top-1 was measured on
    int rows = 0;            // fine-tunes of this start the best was picked from
  };
  QMap<QString, Top1> best_top1_;        // per init, over the rows shown
  std::vector<run::MetricItems> items_;  // finetune_items.csv as last read
  QCheckBox* teacher_ = nullptr;
  QCheckBox* student_ = nullptr;
  QCheckBox* scratch_ = nullptr;
  QComboBox* recipe_ = nullptr;
  // The recipe chosen last: its schedule (lr, warmup, augmentation, tokens kept) stays under
  // sizes set by hand (Custom).
  std::string schedule_recipe_ = "quick";
  FinetuneCurve* curve_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QSpinBox* train_images_ = nullptr;
  QSpinBox* test_images_ = nullptr;
  QCheckBox* save_model_ = nullptr;
  QStringList saved_models_;  // the .pth files this queue wrote
};

}  // namespace rcmae::ui
