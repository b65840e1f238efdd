#pragma once
// The one step loop every run trains through: `rcmae train`, sweeps, distributed ranks and
// the window's worker. It owns the bookkeeping of a step (the metrics row, parameter-change
// and error events, gradient records, the quality and kNN schedules, checkpoints by steps
// and by training time, the time budget, stop requests) so that every run records the same
// files. Its owner adds what it needs through a TrainingObserver: the CLI a progress bar and
// early stopping, the window pause, single steps, live changes and snapshots.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rcmae/eval/quality_schedule.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/train/grad_similarity.h"
#include "rcmae/train/live_changes.h"
#include "rcmae/train/quality_record.h"
#include "rcmae/train/step_record.h"

namespace rcmae {

class ThreadGovernor;

class DataParallel;
class KnnMonitor;
class QualityTracker;
class RunFolder;
class Trainer;

// events.jsonl's "error" line: {"step":S,"type":"error","message":M}. The one place that
// spells it, for failed steps, failed evaluations and failed checkpoints alike.
std::string error_event_json(int64_t step, const std::string& message);

// What the loop tells its owner, on the training thread. Every method has a default, so an
// owner overrides only what it uses. An exception thrown from one propagates out of run().
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  // Before every step. False asks the run to stop here (data parallel: every rank stops when
  // any rank asks). The window waits in here while it is paused and forwards live changes.
  virtual bool before_step() { return true; }
  // In this order after each step: its applied live changes, its gradient measurement (on
  // measuring steps), its record (already a row of metrics.csv).
  virtual void parameter_changed(const ParameterEvent&) {}
  virtual void grad_similarity_measured(const GradSimilarityRecord&) {}
  virtual void step_recorded(const StepRecord&) {}
  virtual void quality_measured(const QualityRecord&) {}
  // A checkpoint could not be written; the previous one is in place and the loop goes on.
  virtual void checkpoint_failed(const std::filesystem::path& /*file*/,
                                 const std::string& /*reason*/) {}
  // After the step's evaluations and checkpoint. True ends the run here.
  virtual bool after_step(const StepRecord&) { return false; }
  // Asked between batches of a measurement (quality, kNN, probe). True gives it up, with no
  // record and no error event, and the monitors stay: the window's Stop, which must not wait
  // minutes for a kNN bank to be encoded. Never asked in a data-parallel run, whose ranks
  // must measure alike.
  virtual bool measurement_cancelled() { return false; }
};

struct TrainingLoopOptions {
  // Null: nothing is written (another rank of a data-parallel run writes, or a window run
  // without a runs folder); checkpoints then are never saved.
  RunFolder* folder = nullptr;
  // Set: one rank of a data-parallel run (dist/data_parallel.h). Evaluations, losses and
  // stop requests agree across ranks so no rank waits alone in a collective.
  DataParallel* data_parallel = nullptr;
  int64_t checkpoint_every = 0;  // >0: save RUN_DIR/checkpoint.ckpt every this many steps
  // >0: save it after this much training time (checkpoint_interval_s stretches it when saves
  // are slow), so a crash loses at most this much training.
  double checkpoint_every_s = 60;
  // The step the folder's checkpoint holds already (a resumed run's), or -1: not saved twice.
  int64_t saved_step = -1;
  int64_t stop_at = 0;  // >0: the run ends after this step; the schedules keep config.steps
  QualitySchedule quality_schedule = QualitySchedule();  // explicit constructor: {} needs this
  // Also keep every held-out reconstruction measurement item by item in the folder
  // (run_files::kStepItems): a fork's arms, compared pair by pair while they train.
  bool keep_step_items = false;
};

// What a run measured, for the caller that reports it (sweeps, benchmarks, the CLI).
struct TrainingOutcome {
  StepRecord last;
  double first_loss = 0;  // of the first step this process trained
  int64_t steps = 0;
  double final_knn = std::nan("");     // teacher's kNN accuracy (student's in MAE mode)
  double final_probe = std::nan("");   // linear probe at the end, same features (kNN runs)
  std::vector<QualityRecord> quality;  // every quality measurement, the final one last
  // The final quality measurement item by item (run/paired_items.h); empty when the run
  // measured no quality or measure_final() was not called.
  std::vector<run::MetricItems> final_items;
};

class TrainingLoop {
 public:
  enum class Ending { BudgetSpent, StopRequested, EndedByObserver };

  // Builds the kNN monitor (config.knn_every > 0) and the quality tracker of the trainer's
  // configuration. `trainer` and `observer` outlive the loop.
  TrainingLoop(Trainer& trainer, TrainingObserver& observer, TrainingLoopOptions options);
  ~TrainingLoop();

  // The quality measurement the run starts from (also after a resume).
  void begin();
  // Steps until the budget (config.steps, or stop_at) is spent, a stop is requested or the
  // observer ends the run. A step that throws (non-finite loss, bad data, an engine error)
  // leaves an "error" event in events.jsonl and propagates; run() may be called again.
  Ending run();
  // The end of a run that spent its budget: kNN at the last step (unless measured there),
  // the linear probe and the final quality measurement. Measures each step once.
  void measure_final();
  // Writes RUN_DIR/checkpoint.ckpt ("checkpoint" event) unless this step is saved already.
  // A failure leaves an "error" event, tells the observer and returns the reason.
  std::optional<std::string> save_checkpoint();

  bool budget_spent() const;
  int64_t last_step() const;  // where the budget ends: config.steps, or stop_at before it
  std::filesystem::path checkpoint_file() const;  // empty without a folder
  const TrainingOutcome& outcome() const { return outcome_; }

 private:
  bool stop_requested();
  StepRecord train_step();
  void record_step(StepRecord& record);
  void measure_quality_if_due();
  void record_quality(const QualityRecord& record);
  void keep_step_items(int64_t step);
  void evaluate_knn();
  void evaluate_probe();
  void save_checkpoint_if_due(const StepRecord& record);
  void append_event(const std::string& json_line);
  void follow_governor(const StepRecord& record);
  // Runs an evaluation. False: it failed, which is logged and recorded, and the caller ends
  // that evaluation for the run (training goes on); in a data-parallel run the failure
  // propagates instead: one rank cannot leave the collective schedule alone. Given up because
  // the observer's measurement_cancelled() said so: true, and nothing recorded.
  template <typename Evaluation>
  bool evaluated(const char* what, Evaluation&& evaluation);

  Trainer& trainer_;
  TrainingObserver& observer_;
  TrainingLoopOptions options_;
  std::unique_ptr<KnnMonitor> knn_;
  std::unique_ptr<QualityTracker> quality_;
  // Set when the run has no --threads: the thread count follows the measured step times.
  std::unique_ptr<ThreadGovernor> governor_;
  TrainingOutcome outcome_;
  int64_t first_step_ = 0;
  int64_t knn_step_ = -1;    // the last step kNN measured
  int64_t probe_step_ = -1;  // the step the probe measured
  double saved_train_time_s_ = 0;
  double last_save_s_ = 0;  // how long the last save took: slow saves come less often
};

}  // namespace rcmae
