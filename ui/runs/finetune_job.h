#pragma once
// One fine-tune (rcmae::run_finetune) on a thread of its own, so the window stays
// responsive for the minutes it takes. Progress, the report and errors come back to the
// job's thread (the GUI's) as signals; stop() ends it after the step in progress, and the
// destructor stops and waits, so the worker never outlives the job.
#include <QObject>
#include <QString>

#include "rcmae/eval/finetune_job.h"
#include "runs/job_thread.h"

namespace rcmae::ui {

class FinetuneJob : public QObject {
  Q_OBJECT

 public:
  explicit FinetuneJob(QObject* parent = nullptr);
  ~FinetuneJob() override;

  // Starts fine-tuning; false when one is already running.
  bool start(const FinetuneRequest& request);
  void stop();
  bool isRunning() const { return thread_.isRunning(); }

 Q_SIGNALS:
  void progressed(const rcmae::FinetuneProgress& progress);
  // Also after a stop: the report then covers the steps done (result.stopped is set).
  void finished(const rcmae::FinetuneReport& report);
  void failed(const QString& message);

 private:
  void run(const FinetuneRequest& request);  // on the worker thread

  JobThread thread_;
};

}  // namespace rcmae::ui
