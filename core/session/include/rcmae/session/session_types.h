#pragma once
// Plain values that cross from the training thread to the GUI thread. No torch: the GUI
// includes this header.
#include <QMetaType>
#include <QString>
#include <QVector>
#include <memory>

#include "rcmae/train/grad_similarity.h"
#include "rcmae/train/live_changes.h"
#include "rcmae/train/quality_record.h"
#include "rcmae/train/reconstruction.h"
#include "rcmae/train/step_record.h"
#include "rcmae/train/train_config.h"

namespace rcmae::session {

// Idle: no run. Running/Paused: a trainer exists. Finished: the step budget is spent.
// Failed: the run could not start (bad data, bad config); nothing is left to resume.
enum class SessionState { Idle, Running, Paused, Finished, Failed };
QString to_display_string(SessionState state);

// How a session is run; none of this changes what is trained.
struct SessionOptions {
  QString runs_root;  // empty: no run folder is written (tests, benchmarks)
  int snapshot_every_steps = 25;
  double snapshot_every_s = 2.0;  // a snapshot is also taken when this much time passed
  int demo_count = 8;             // images in the fixed demo batch
  bool start_paused = false;
  double record_flush_s = 0.03;  // records are sent to the GUI in batches at most this often
  // RUN_DIR/checkpoint.ckpt is written after this much training time (pauses do not
  // count), so a crash loses at most this much training; also at the end of the budget,
  // when the run is stopped (Stop, closing the window, SIGTERM) and on request; 0: only
  // the latter three. Nothing is saved without a run folder.
  double checkpoint_every_s = 60.0;
};

// What the GUI learns when a run has started.
struct RunInfo {
  TrainConfig config;
  QString run_dir;          // empty when no folder is written
  qint64 resumed_step = 0;  // > 0: the run continues from a checkpoint saved at this step
  QString dataset_name;
  qint64 dataset_size = 0;
  int threads = 0;
  int step_workers = 1;  // > 1: each step split over this many one-thread workers
  QString device;
  QString demo_source;  // where the demo images came from, in words
};

using SnapshotPtr = std::shared_ptr<const ReconstructionSnapshot>;

// Registers the types above with Qt's meta-type system (queued signals need it). Idempotent.
void register_session_types();

}  // namespace rcmae::session

Q_DECLARE_METATYPE(rcmae::StepRecord)
Q_DECLARE_METATYPE(rcmae::ParameterEvent)
Q_DECLARE_METATYPE(rcmae::GradSimilarityRecord)
Q_DECLARE_METATYPE(rcmae::QualityRecord)
Q_DECLARE_METATYPE(rcmae::session::SnapshotPtr)
Q_DECLARE_METATYPE(rcmae::session::RunInfo)
Q_DECLARE_METATYPE(rcmae::session::SessionState)
