// Window runs write RUN_DIR/checkpoint.ckpt (end of budget, stop, on request, every N
// seconds of training) and continue from one exactly as `rcmae train --resume` does; a
// save that fails is a warning, not the end of the run.
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/session/training_session.h"
#include "session_spies.h"

using rcmae::StepRecord;
using rcmae::TrainConfig;
using rcmae::session::RunInfo;
using rcmae::session::SessionOptions;
using rcmae::session::SessionState;
using rcmae::session::TrainingSession;
using rcmae::testing::options_in;
using rcmae::testing::records_of;
using rcmae::testing::run_dir_of;
using rcmae::testing::step_paused;

namespace {

constexpr int kTimeoutMs = rcmae::testing::kSessionTimeoutMs;

TrainConfig checkpoint_run_config(int64_t steps) {
  TrainConfig c = rcmae::testing::micro_window_config(steps);
  c.seed = 11;
  return c;
}

// A session with the spies every failing-save test reads.
struct WatchedSession {
  TrainingSession session;
  QSignalSpy started{&session, &TrainingSession::runStarted};
  QSignalSpy records{&session, &TrainingSession::stepRecords};
  QSignalSpy errors{&session, &TrainingSession::errorOccurred};
  QString runDir() const { return run_dir_of(started); }
};

QString checkpoint_in(const QString& run_dir) { return QDir(run_dir).filePath("checkpoint.ckpt"); }

QList<QJsonObject> events_of(const QString& run_dir, const QString& type) {
  QList<QJsonObject> events;
  QFile file(QDir(run_dir).filePath("events.jsonl"));
  if (!file.open(QIODevice::ReadOnly)) return events;
  for (const QByteArray& line : file.readAll().split('\n')) {
    const QJsonObject event = QJsonDocument::fromJson(line).object();
    if (event.value("type").toString() == type) events << event;
  }
  return events;
}

QList<qint64> checkpoint_steps(const QString& run_dir) {
  QList<qint64> steps;
  for (const QJsonObject& event : events_of(run_dir, "checkpoint"))
    steps << event.value("step").toInteger();
  return steps;
}

// metrics.csv: the step of every row, in file order.
QList<qint64> metric_steps(const QString& run_dir) {
  QList<qint64> steps;
  QFile file(QDir(run_dir).filePath("metrics.csv"));
  if (!file.open(QIODevice::ReadOnly)) return steps;
  const QList<QByteArray> lines = file.readAll().split('\n');
  for (int i = 1; i < lines.size(); ++i)
    if (!lines[i].isEmpty()) steps << lines[i].split(',').first().toLongLong();
  return steps;
}

// Any checkpoint written into `run_dir` from now on fails: a directory takes the file's
// name, so the final rename fails (EISDIR) whoever runs the test, root included.
void block_checkpoint_file(const QString& run_dir) {
  QFile::remove(checkpoint_in(run_dir));
  QVERIFY(QDir(run_dir).mkdir("checkpoint.ckpt"));
}

}  // namespace

class TestSessionCheckpoints : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void runToItsBudgetLeavesALoadableCheckpoint() {
    QTemporaryDir root;
    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    session.start(checkpoint_run_config(6), options_in(root.path()));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Finished, kTimeoutMs);
    const QString run_dir = run_dir_of(started);
    // Saved before Finished is reported.
    QVERIFY(QFileInfo::exists(checkpoint_in(run_dir)));
    const TrainConfig saved = rcmae::read_checkpoint_config(checkpoint_in(run_dir).toStdString());
    QCOMPARE(saved.steps, int64_t(6));
    QCOMPARE(checkpoint_steps(run_dir), QList<qint64>{6});
    session.stop();  // the step is saved already: no second save
    QCOMPARE(checkpoint_steps(run_dir), QList<qint64>{6});
  }

  void stopMidRunSavesTheStoppedStep() {
    QTemporaryDir root;
    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    session.start(checkpoint_run_config(100000), options_in(root.path()));
    QTRY_VERIFY_WITH_TIMEOUT(records_of(records).size() >= 3, kTimeoutMs);
    session.stop();
    const QString run_dir = run_dir_of(started);
    const qint64 last_logged = metric_steps(run_dir).last();
    QVERIFY(last_logged >= 3);
    QCOMPARE(checkpoint_steps(run_dir), QList<qint64>{last_logged});
    QVERIFY(QFileInfo::exists(checkpoint_in(run_dir)));
  }

  void checkpointOnRequestOncePerStep() {
    QTemporaryDir root;
    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    session.start(checkpoint_run_config(100000), options_in(root.path(), true));
    step_paused(session, records, 2);
    const QString run_dir = run_dir_of(started);
    session.requestCheckpoint();  // handled while paused
    QTRY_COMPARE_WITH_TIMEOUT(checkpoint_steps(run_dir), QList<qint64>{2}, kTimeoutMs);
    session.requestCheckpoint();
    // Two snapshot round trips as a barrier: within one pass the worker serves a snapshot
    // before a checkpoint, so once the second snapshot is here the request was served.
    QSignalSpy snapshots(&session, &TrainingSession::snapshotReady);
    for (int served = 1; served <= 2; ++served) {
      session.requestSnapshot();
      QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), served, kTimeoutMs);
    }
    QCOMPARE(checkpoint_steps(run_dir), QList<qint64>{2});  // step 2 is saved already
    session.stop();
    QCOMPARE(checkpoint_steps(run_dir), QList<qint64>{2});
  }

  void savesPeriodicallyWhileTraining() {
    QTemporaryDir root;
    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    SessionOptions options = options_in(root.path());
    options.checkpoint_every_s = 0.05;
    session.start(checkpoint_run_config(100000), options);
    QTRY_VERIFY_WITH_TIMEOUT(checkpoint_steps(run_dir_of(started)).size() >= 2, kTimeoutMs);
    QCOMPARE(session.state(), SessionState::Running);
    const QList<qint64> steps = checkpoint_steps(run_dir_of(started));
    QVERIFY(steps[1] > steps[0]);
    session.stop();
  }

  void noRunFolderNoCheckpoint() {
    TrainingSession session;
    QSignalSpy errors(&session, &TrainingSession::errorOccurred);
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    session.start(checkpoint_run_config(100000), options_in(QString(), true));
    step_paused(session, records, 1);
    session.requestCheckpoint();
    session.stop();
    QCOMPARE(errors.size(), 0);
  }

  // Stopped at step 4 (and a process that logged two more rows before it died), then
  // continued to 10: every step once in metrics.csv, and the losses of steps 5..10 are those
  // of an uninterrupted run.
  void continuingMatchesAnUninterruptedRun() {
    QTemporaryDir root;
    constexpr int kBudget = 10, kStopAt = 4;
    QVector<StepRecord> uninterrupted;
    {
      TrainingSession session;
      QSignalSpy records(&session, &TrainingSession::stepRecords);
      session.start(checkpoint_run_config(kBudget), options_in(root.filePath("a")));
      QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Finished, kTimeoutMs);
      session.stop();
      uninterrupted = records_of(records);
    }
    QCOMPARE(uninterrupted.size(), kBudget);

    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    QSignalSpy records(&session, &TrainingSession::stepRecords);
    session.start(checkpoint_run_config(kBudget), options_in(root.filePath("b"), true));
    step_paused(session, records, kStopAt);
    session.stop();
    const QString run_dir = run_dir_of(started);
    QFile metrics(QDir(run_dir).filePath("metrics.csv"));
    QVERIFY(metrics.open(QIODevice::Append));
    metrics.write("5,40,1\n6,48,1\n");
    metrics.close();

    records.clear();
    session.startFromCheckpoint(checkpoint_in(run_dir), options_in(root.filePath("ignored")));
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, kTimeoutMs);
    const RunInfo resumed = started.last().at(0).value<RunInfo>();
    QCOMPARE(resumed.resumed_step, qint64(kStopAt));
    QCOMPARE(QDir(resumed.run_dir).absolutePath(),
             QDir(run_dir).absolutePath());  // the same folder
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Finished, kTimeoutMs);
    QCOMPARE(session.config().steps, int64_t(kBudget));
    session.stop();

    const QVector<StepRecord> continued = records_of(records);
    QCOMPARE(continued.size(), kBudget - kStopAt);
    for (const StepRecord& record : continued) {
      const StepRecord& expected = uninterrupted[record.step - 1];
      QCOMPARE(record.step, expected.step);
      QVERIFY2(
          std::abs(record.loss - expected.loss) <= 1e-5,
          qPrintable(
              QString("step %1: %2 vs %3").arg(record.step).arg(record.loss).arg(expected.loss)));
    }
    QList<qint64> expected_steps;
    for (int step = 1; step <= kBudget; ++step) expected_steps << step;
    QCOMPARE(metric_steps(run_dir), expected_steps);
    QCOMPARE(events_of(run_dir, "resume").size(), 1);
    QCOMPARE(checkpoint_steps(run_dir), (QList<qint64>{kStopAt, kBudget}));
    QVERIFY(!QDir(root.filePath("ignored")).exists());
  }

  void corruptCheckpointFailsNamingTheFile() {
    QTemporaryDir root;
    const QString file = root.filePath("run/checkpoint.ckpt");
    QVERIFY(QDir().mkpath(root.filePath("run")));
    QFile bad(file);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("this is not a checkpoint");
    bad.close();
    TrainingSession session;
    QSignalSpy errors(&session, &TrainingSession::errorOccurred);
    session.startFromCheckpoint(file, options_in(root.path()));
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, kTimeoutMs);
    QCOMPARE(session.state(), SessionState::Failed);
    const QString message = errors.first().at(1).toString();
    QVERIFY2(message.contains(file), qPrintable(message));
    session.stop();

    // A file that is not there at all: the same path, no crash.
    errors.clear();
    session.startFromCheckpoint(root.filePath("missing/checkpoint.ckpt"), options_in(root.path()));
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, kTimeoutMs);
    QCOMPARE(session.state(), SessionState::Failed);
    QVERIFY(errors.first().at(1).toString().contains("missing/checkpoint.ckpt"));
  }

  void failedSaveWarnsAndTrainingGoesOn() {
    QTemporaryDir root;
    WatchedSession w;
    w.session.start(checkpoint_run_config(100000), options_in(root.path()));
    QTRY_VERIFY_WITH_TIMEOUT(records_of(w.records).size() >= 2, kTimeoutMs);
    const QString run_dir = w.runDir();
    block_checkpoint_file(run_dir);
    w.session.requestCheckpoint();
    QTRY_COMPARE_WITH_TIMEOUT(w.errors.size(), 1, kTimeoutMs);
    QCOMPARE(w.errors.first().at(0).toString(), QString("Checkpoint not saved"));
    QVERIFY(w.errors.first().at(1).toString().contains("checkpoint.ckpt"));
    QCOMPARE(w.session.state(), SessionState::Running);
    const qint64 at_warning = records_of(w.records).last().step;
    QTRY_VERIFY_WITH_TIMEOUT(records_of(w.records).last().step > at_warning + 3, kTimeoutMs);
    QVERIFY(!events_of(run_dir, "error").isEmpty());
    QVERIFY(checkpoint_steps(run_dir).isEmpty());
    w.session.stop();  // the stop-time save fails too: another warning, still no crash
    QVERIFY(w.errors.size() >= 2);
  }

  void removedFolderWarnsAndTrainingGoesOn() {
    QTemporaryDir root;
    WatchedSession w;
    w.session.start(checkpoint_run_config(100000), options_in(root.path()));
    QTRY_VERIFY_WITH_TIMEOUT(records_of(w.records).size() >= 2, kTimeoutMs);
    const QString run_dir = w.runDir();
    // Removed, and its name taken by a file, so the save cannot simply recreate it.
    QVERIFY(QDir(run_dir).removeRecursively());
    QFile blocker(run_dir);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    w.session.requestCheckpoint();
    QTRY_COMPARE_WITH_TIMEOUT(w.errors.size(), 1, kTimeoutMs);
    QCOMPARE(w.session.state(), SessionState::Running);
    const qint64 at_warning = records_of(w.records).last().step;
    QTRY_VERIFY_WITH_TIMEOUT(records_of(w.records).last().step > at_warning + 3, kTimeoutMs);
    w.session.stop();
  }

  void readOnlyFolderWarnsAndTrainingGoesOn() {
    QTemporaryDir root;
    WatchedSession w;
    w.session.start(checkpoint_run_config(100000), options_in(root.path(), true));
    step_paused(w.session, w.records, 2);
    const QString run_dir = w.runDir();
    QVERIFY(QFile::setPermissions(run_dir, QFile::ReadOwner | QFile::ExeOwner));
    if (::access(QFile::encodeName(run_dir).constData(), W_OK) == 0) {
      QFile::setPermissions(run_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
      QSKIP(
          "running as root: a read-only folder is still writable (the blocked-file and "
          "removed-folder cases cover a failing save)");
    }
    w.session.requestCheckpoint();
    QTRY_COMPARE_WITH_TIMEOUT(w.errors.size(), 1, kTimeoutMs);
    QCOMPARE(w.session.state(), SessionState::Paused);
    step_paused(w.session, w.records, 1);             // training still works
    QVERIFY(!events_of(run_dir, "error").isEmpty());  // events.jsonl was open before
    QFile::setPermissions(run_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    w.session.stop();
  }
};

RCMAE_QTEST_GUILESS(TestSessionCheckpoints)
#include "test_session_checkpoints.moc"
