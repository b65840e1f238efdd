#pragma once
// One robustness evaluation of a checkpoint (rcmae::evaluate_checkpoint) on a thread of its
// own, so the window stays responsive for the minute or so it takes. Rows, the result and
// errors come back to the job's thread (the GUI's) as signals.
//
// The engine has no cancel hook, but it calls back after every row: a stop request throws
// out of that callback, so an evaluation ends at most one row after stop() or after the
// job is destroyed. The destructor waits for that; the worker thread never outlives the job
// and never touches it from a callback once the job is gone.
#include <QObject>
#include <QString>

#include "rcmae/eval/robustness.h"
#include "runs/job_thread.h"

namespace rcmae::ui {

class RobustnessJob : public QObject {
  Q_OBJECT

 public:
  explicit RobustnessJob(QObject* parent = nullptr);
  ~RobustnessJob() override;  // stops a running evaluation and waits for its thread

  // Starts evaluating; false when an evaluation is already running.
  bool start(const EvalRequest& request);
  // Asks the running evaluation to end after its current row; `cancelled` follows.
  void stop();
  bool isRunning() const { return thread_.isRunning(); }

 Q_SIGNALS:
  void rowDone(const rcmae::RobustnessRow& row);
  void finished(const rcmae::EvalReport& report);
  // What went wrong, in words (a missing or corrupt checkpoint, unlabelled data...).
  void failed(const QString& message);
  void cancelled();

 private:
  void evaluate(const EvalRequest& request);  // runs on the worker thread

  JobThread thread_;
};

}  // namespace rcmae::ui
