// A window run and `rcmae train` step through the same loop, so they record the same run
// folder: the same files, the same metrics.csv columns, kNN on --knn-every's schedule, the
// same event kinds and, with one thread and one seed, the same losses. wall_s is training
// time: a pause between steps adds nothing to it, and a resumed run goes on from the
// checkpoint's value.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/run/run_files.h"
#include "rcmae/train/headless_run.h"
#include "session_spies.h"

using rcmae::StepRecord;
using rcmae::TrainConfig;
using rcmae::session::SessionState;
using rcmae::session::TrainingSession;
using rcmae::testing::kSessionTimeoutMs;
using rcmae::testing::options_in;
using rcmae::testing::records_of;
using rcmae::testing::run_dir_of;
using rcmae::testing::step_paused;

namespace {
namespace files = rcmae::run_files;

TrainConfig recorded_config() {
  TrainConfig c = rcmae::testing::micro_train_config();
  c.steps = 4;
  c.threads = 1;  // bit-for-bit reproducible losses
  c.seed = 5;
  c.knn_every = 2;
  c.knn_bank = 64;
  c.knn_queries = 32;
  c.grad_sim_every = 2;
  c.quality = true;  // small held-out sets: quality.csv is part of the record
  c.quality_bank = 200;
  c.quality_queries = 100;
  return c;
}

QList<QByteArray> lines_of(const QString& file) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QList<QByteArray> lines = f.readAll().split('\n');
  lines.removeAll(QByteArray());
  return lines;
}

QStringList column(const QString& csv, int index) {
  QStringList values;
  const QList<QByteArray> lines = lines_of(csv);
  for (int i = 1; i < lines.size(); ++i) values << QString(lines[i].split(',').value(index));
  return values;
}

QSet<QString> event_types(const QString& run_dir) {
  QSet<QString> types;
  for (const QByteArray& line : lines_of(QDir(run_dir).filePath(files::kEvents)))
    types << QJsonDocument::fromJson(line).object().value("type").toString();
  return types;
}

// Each record's wall_s is the previous one's plus this step's own duration: nothing
// between steps (a pause, evaluations, snapshots) counts.
void verify_wall_s_is_step_time(const StepRecord& before, const StepRecord& after) {
  QCOMPARE(after.step, before.step + 1);
  QVERIFY(after.step_s > 0);
  QCOMPARE(after.wall_s, before.wall_s + after.step_s);
}

}  // namespace

class TestSessionRunRecord : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void windowRecordsWhatTheCommandLineRecords() {
    QTemporaryDir root;
    const TrainConfig config = recorded_config();
    rcmae::HeadlessRunOptions cli;
    cli.out_dir = QDir(root.path()).filePath("cli").toStdString();
    cli.show_progress = false;
    cli.checkpoint_every_s = 0;
    rcmae::run_headless(config, cli);
    const QString cli_dir = QString::fromStdString(cli.out_dir.string());

    TrainingSession session;
    QSignalSpy started(&session, &TrainingSession::runStarted);
    session.start(config, options_in(QDir(root.path()).filePath("window"), false));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Finished, kSessionTimeoutMs);
    session.stop();
    const QString window_dir = run_dir_of(started);

    const QStringList cli_files = QDir(cli_dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
    QCOMPARE(QDir(window_dir).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), cli_files);
    for (const char* file :
         {files::kMetrics, files::kKnn, files::kProbe, files::kGradGroups, files::kQuality})
      QVERIFY2(cli_files.contains(file), file);
    const QString metrics = files::kMetrics;
    QCOMPARE(lines_of(QDir(window_dir).filePath(metrics)).value(0),
             lines_of(QDir(cli_dir).filePath(metrics)).value(0));
    QCOMPARE(column(QDir(window_dir).filePath(metrics), 0), (QStringList{"1", "2", "3", "4"}));
    QCOMPARE(column(QDir(window_dir).filePath(metrics), 2),
             column(QDir(cli_dir).filePath(metrics), 2));
    QCOMPARE(column(QDir(window_dir).filePath(files::kKnn), 0), (QStringList{"2", "4"}));
    QCOMPARE(column(QDir(cli_dir).filePath(files::kKnn), 0), (QStringList{"2", "4"}));
    QCOMPARE(column(QDir(window_dir).filePath(files::kQuality), 0),
             column(QDir(cli_dir).filePath(files::kQuality), 0));
    QCOMPARE(event_types(window_dir), event_types(cli_dir));
    QVERIFY(event_types(cli_dir).contains("checkpoint"));
  }

  void pauseAndResumeAddNothingToWallTime() {
    QTemporaryDir root;
    TrainConfig config = rcmae::testing::micro_train_config();
    config.steps = 100;
    config.threads = 1;
    QString run_dir;
    StepRecord last_before_stop;
    {
      TrainingSession session;
      QSignalSpy started(&session, &TrainingSession::runStarted);
      QSignalSpy records(&session, &TrainingSession::stepRecords);
      session.start(config, options_in(root.path(), /*paused=*/true));
      QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), kSessionTimeoutMs);
      step_paused(session, records, 2);
      QTest::qWait(300);  // paused between steps 2 and 3
      step_paused(session, records, 1);
      const QVector<StepRecord> steps = records_of(records);
      verify_wall_s_is_step_time(steps[0], steps[1]);
      verify_wall_s_is_step_time(steps[1], steps[2]);
      last_before_stop = steps[2];
      run_dir = run_dir_of(started);
      session.stop();  // checkpoint at step 3
    }
    TrainingSession resumed;
    QSignalSpy records(&resumed, &TrainingSession::stepRecords);
    resumed.startFromCheckpoint(QDir(run_dir).filePath(files::kCheckpoint),
                                options_in(root.path(), /*paused=*/true));
    QTRY_COMPARE_WITH_TIMEOUT(resumed.state(), SessionState::Paused, kSessionTimeoutMs);
    step_paused(resumed, records, 1);
    verify_wall_s_is_step_time(last_before_stop, records_of(records).first());
    resumed.stop();
  }
};

RCMAE_QTEST(TestSessionRunRecord)
#include "test_session_run_record.moc"
