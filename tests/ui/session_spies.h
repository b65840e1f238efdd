#pragma once
// What the window-session tests share: options for a run that does only what the test asks
// for, the records and run folder read from signal spies, and single steps of a paused run.
#include <QSignalSpy>
#include <QTest>
#include <QVector>

#include "rcmae/session/training_session.h"

namespace rcmae::testing {

constexpr int kSessionTimeoutMs = 120000;  // a loaded 2-core machine

// Runs under `root` (empty: no run folder) with no timed snapshots and no periodic
// checkpoints: only what a test asks for.
inline session::SessionOptions options_in(const QString& root, bool paused = false) {
  session::SessionOptions o;
  o.runs_root = root;
  o.start_paused = paused;
  o.snapshot_every_steps = 1000;
  o.snapshot_every_s = 0;
  o.checkpoint_every_s = 0;
  return o;
}

// Every StepRecord a stepRecords spy caught, in order.
inline QVector<StepRecord> records_of(const QSignalSpy& spy) {
  QVector<StepRecord> all;
  for (const auto& args : spy) all += args.at(0).value<QVector<StepRecord>>();
  return all;
}

// The run folder of the newest runStarted a spy caught ("" before any).
inline QString run_dir_of(const QSignalSpy& started) {
  return started.isEmpty() ? QString() : started.last().at(0).value<session::RunInfo>().run_dir;
}

// Takes `count` single steps from a paused session and waits for their records.
inline void step_paused(session::TrainingSession& session, const QSignalSpy& records, int count) {
  for (int i = 0; i < count; ++i) {
    const int before = records_of(records).size();
    session.stepOnce();
    QTRY_COMPARE_WITH_TIMEOUT(records_of(records).size(), before + 1, kSessionTimeoutMs);
  }
}

}  // namespace rcmae::testing
