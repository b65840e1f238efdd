// Every window run leaves its last reconstruction snapshot in its folder, whether its budget
// ran out or it was stopped, so the Runs tab and the PDF report always have one to show.
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/session/snapshot_io.h"
#include "rcmae/session/training_session.h"
#include "runs/run_reader.h"

using namespace rcmae;
using rcmae::session::RunInfo;
using rcmae::session::SessionOptions;
using rcmae::session::SessionState;
using rcmae::session::TrainingSession;

namespace {

constexpr int kTimeoutMs = 120000;  // a loaded 2-core machine

SessionOptions options_in(const QString& root) {
  SessionOptions o;
  o.runs_root = root;
  o.snapshot_every_steps = 1000000;  // no snapshot by steps or time: only the run's last
  o.snapshot_every_s = 0;
  return o;
}

// The run folder's newest snapshot as the Runs tab and the report find it, checked to be
// the snapshot of `step`.
void verify_last_snapshot(const QString& run_dir, int64_t step) {
  ui::RunReader reader(run_dir);
  reader.poll();
  const QString file = reader.latestSnapshotFile();
  QCOMPARE(file,
           QString::fromStdString(session::snapshot_file(run_dir.toStdString(), step).string()));
  const auto snapshot = session::load_snapshot(file);
  QVERIFY(snapshot.has_value());
  QCOMPARE(snapshot->step, step);
  QCOMPARE(snapshot->count, 8);
  QVERIFY(!snapshot->student.empty());
}

}  // namespace

class TestRunSnapshot : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aRunThatSpendsItsBudgetSavesItsLastStep() {
    QTemporaryDir root;
    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    session.start(rcmae::testing::micro_window_config(7), options_in(root.path()));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Finished, kTimeoutMs);
    const QString run_dir = started.last().at(0).value<RunInfo>().run_dir;
    verify_last_snapshot(run_dir, 7);  // before Stop: the budget's end saves it
    session.stop();
  }

  void aStoppedRunSavesTheStepItStoppedAt() {
    QTemporaryDir root;
    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    session.start(rcmae::testing::micro_window_config(1000000), options_in(root.path()));
    QTRY_VERIFY_WITH_TIMEOUT(records.size() >= 3, kTimeoutMs);
    session.stop();
    const QVector<StepRecord> last = records.last().at(0).value<QVector<StepRecord>>();
    const QString run_dir = started.last().at(0).value<RunInfo>().run_dir;
    verify_last_snapshot(run_dir, last.last().step);
  }
};

RCMAE_QTEST(TestRunSnapshot)
#include "test_run_snapshot.moc"
