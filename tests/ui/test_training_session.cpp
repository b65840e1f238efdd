// The QThread bridge: records arrive, pause/step/stop act between steps, live changes are
// applied at the next step, and trainer errors reach the GUI as signals. Waits bound a hang
// only (kSessionTimeoutMs); what is asserted is which steps happened, never how long.
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/session/training_session.h"
#include "session_spies.h"

using rcmae::LiveChanges;
using rcmae::ParameterEvent;
using rcmae::StepRecord;
using rcmae::TrainConfig;
using rcmae::session::SessionOptions;
using rcmae::session::SessionState;
using rcmae::session::SnapshotPtr;
using rcmae::session::TrainingSession;
using rcmae::testing::kSessionTimeoutMs;
using rcmae::testing::options_in;
using rcmae::testing::records_of;

namespace {

SessionOptions quiet_options(bool paused = false) {
  SessionOptions o;
  o.start_paused = paused;
  o.snapshot_every_steps = 5;
  return o;
}

// Asks the session for a snapshot and returns the step it shows (-1 if none came). The
// worker serves requests only between steps, so for a paused run this is the step it
// stopped at.
int64_t requested_snapshot_step(TrainingSession& session, const QSignalSpy& snapshots) {
  const qsizetype before = snapshots.size();
  session.requestSnapshot();
  if (!QTest::qWaitFor([&] { return snapshots.size() > before; }, kSessionTimeoutMs)) return -1;
  return snapshots.last().at(0).value<SnapshotPtr>()->step;
}

}  // namespace

class TestTrainingSession : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void startDeliversStepRecords() {
    TrainingSession session;
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    QSignalSpy started(&session, &TrainingSession::runStarted);
    QSignalSpy snapshots(&session, &TrainingSession::snapshotReady);
    session.start(rcmae::testing::micro_window_config(), quiet_options());
    QCOMPARE(session.state(), SessionState::Running);
    QTRY_VERIFY_WITH_TIMEOUT(records_of(records).size() >= 5, 60000);
    QCOMPARE(started.size(), 1);
    const auto all = records_of(records);
    for (int i = 0; i < all.size(); ++i)
      QCOMPARE(all[i].step, int64_t(i + 1));  // in order, none lost
    QVERIFY(std::isfinite(all.back().loss));
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 30000);
    auto snapshot = snapshots.first().at(0).value<rcmae::session::SnapshotPtr>();
    QVERIFY(snapshot);
    QCOMPARE(snapshot->size, 16);
    session.stop();
    QCOMPARE(session.state(), SessionState::Idle);
  }

  // Pause acts between steps: the step in flight finishes, then the worker serves requests
  // without stepping, so two snapshots asked for while paused show the same step, the last
  // one recorded. A single step then takes exactly one more.
  void pauseStopsSteps() {
    TrainingSession session;
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    QSignalSpy snapshots(&session, &TrainingSession::snapshotReady);
    session.start(rcmae::testing::micro_window_config(),
                  options_in(QString()));  // no snapshots but requested ones
    QTRY_VERIFY_WITH_TIMEOUT(records_of(records).size() >= 3, kSessionTimeoutMs);
    session.pause();
    QCOMPARE(session.state(), SessionState::Paused);
    const int64_t paused_at = requested_snapshot_step(session, snapshots);
    QVERIFY(paused_at >= 3);
    QTRY_COMPARE_WITH_TIMEOUT(records_of(records).back().step, paused_at, kSessionTimeoutMs);
    QCOMPARE(requested_snapshot_step(session, snapshots), paused_at);  // no step in between
    QCOMPARE(records_of(records).back().step, paused_at);

    session.stepOnce();
    QTRY_COMPARE_WITH_TIMEOUT(records_of(records).back().step, paused_at + 1, kSessionTimeoutMs);
    QCOMPARE(requested_snapshot_step(session, snapshots), paused_at + 1);  // exactly one step
    QCOMPARE(records_of(records).back().step, paused_at + 1);

    session.resume();
    QTRY_VERIFY_WITH_TIMEOUT(records_of(records).back().step > paused_at + 3, kSessionTimeoutMs);
    session.stop();
  }

  void liveMaskRatioChangeAppliesAtNextStep() {
    TrainingSession session;
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    QSignalSpy changes(&session, &TrainingSession::parameterChanged);
    session.start(rcmae::testing::micro_window_config(), quiet_options(true));
    session.stepOnce();
    QTRY_COMPARE_WITH_TIMEOUT(records_of(records).size(), 1, 60000);
    QCOMPARE(records_of(records).back().mask_ratio, 0.75);

    LiveChanges change;
    change.mask_ratio = 0.5;
    session.requestChanges(change);
    session.stepOnce();
    QTRY_COMPARE_WITH_TIMEOUT(records_of(records).size(), 2, 30000);
    const StepRecord second = records_of(records).back();
    QCOMPARE(second.step, int64_t(2));
    QCOMPARE(second.mask_ratio, 0.5);
    QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 5000);
    const auto event = changes.first().at(0).value<ParameterEvent>();
    QCOMPARE(event.name, std::string("mask_ratio"));
    QCOMPARE(event.step, 2LL);
    QCOMPARE(event.old_value, 0.75);
    QCOMPARE(event.new_value, 0.5);
    session.stop();
  }

  // stop() returns once the worker thread has finished (a hang would run into the test's
  // timeout); the flag it sets is read between steps.
  void stopJoinsTheThread() {
    TrainingSession session;
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    QSignalSpy stopped(&session, &TrainingSession::stopped);
    session.start(rcmae::testing::micro_window_config(), quiet_options());
    QTRY_VERIFY_WITH_TIMEOUT(!records.isEmpty(), 60000);
    session.stop();  // returns only after the worker thread has finished
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(session.state(), SessionState::Idle);
    // A stopped session can start again.
    session.start(rcmae::testing::micro_window_config(), quiet_options());
    QTRY_VERIFY_WITH_TIMEOUT(records.size() > 1, 60000);
  }  // the destructor stops and joins again

  void badDatasetIsAnErrorSignalNotACrash() {
    TrainingSession session;
    QSignalSpy errors(&session, &TrainingSession::errorOccurred);
    TrainConfig config = rcmae::testing::micro_window_config();
    config.dataset = "folder:/nonexistent/rcmae-test-images";
    session.start(config, quiet_options());
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 30000);
    QCOMPARE(session.state(), SessionState::Failed);
    const QString message = errors.first().at(1).toString();
    QVERIFY2(message.contains("nonexistent"), qPrintable(message));  // names the path
    session.stop();
  }

  void nonFiniteLossPausesWithAnError() {
    TrainingSession session;
    QSignalSpy errors(&session, &TrainingSession::errorOccurred);
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    TrainConfig config = rcmae::testing::micro_window_config();
    config.base_lr = 1e30;  // the first update blows the weights up; the next loss is NaN/Inf
    config.warmup_steps = 0;
    session.start(config, quiet_options());
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Paused, 5000);
    QVERIFY(errors.first().at(0).toString().contains("not finite"));
    // Paused, not dead: lowering the lr live and stepping is possible (no crash either way).
    LiveChanges change;
    change.base_lr = 1e-4;
    session.requestChanges(change);
    const int records_before = records_of(records).size();
    const qsizetype errors_before = errors.size();
    session.stepOnce();
    // The step is taken and ends either way: a record, or another error that pauses again.
    QTRY_VERIFY_WITH_TIMEOUT(
        records_of(records).size() > records_before || errors.size() > errors_before,
        kSessionTimeoutMs);
    session.stop();
  }
};

RCMAE_QTEST_GUILESS(TestTrainingSession)
#include "test_training_session.moc"
