// SIGTERM to the window while it trains: the window closes as if the user closed it, the
// session stops and the run folder holds a checkpoint of the last step trained.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

#include "../micro_config.h"
#include "controls/control_panel.h"
#include "harness/qtest_registry.h"
#include "live_feed.h"
#include "main_window.h"
#include "rcmae/session/training_session.h"
#include "rcmae/util/stop_signals.h"
#include "stop_on_signal.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

// The last line of events.jsonl with "type": "checkpoint", as a JSON object.
QJsonObject last_checkpoint_event(const QString& run_dir) {
  QFile file(QDir(run_dir).filePath("events.jsonl"));
  if (!file.open(QIODevice::ReadOnly)) return {};
  QJsonObject found;
  for (const QByteArray& line : file.readAll().split('\n')) {
    const QJsonObject event = QJsonDocument::fromJson(line).object();
    if (event.value("type").toString() == "checkpoint") found = event;
  }
  return found;
}

}  // namespace

class TestStopOnSignal : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void sigtermSavesTheRunAndClosesTheWindow() {
    QTemporaryDir runs;
    MainWindow window(nullptr);
    window.setRunsRoot(runs.path());
    TrainConfig config = rcmae::testing::micro_train_config(1);
    config.steps = 1000000;  // only the signal ends it
    config.threads = 1;
    window.controls()->setConfig(config);
    window.show();
    close_windows_on_stop_signal(&window);
    window.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(window.feed()->history().size() >= 5, 60000);

    std::raise(SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 30000);
    QCOMPARE(window.session()->state(), session::SessionState::Idle);

    const QStringList folders = QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(folders.size(), 1);
    const QString run_dir = QDir(runs.path()).filePath(folders.first());
    QVERIFY(QFile::exists(QDir(run_dir).filePath("checkpoint.ckpt")));
    // The checkpoint holds the last step trained: every record the window received, or more.
    const QJsonObject event = last_checkpoint_event(run_dir);
    QVERIFY2(
        event.value("step").toInteger() >= window.feed()->history().last().step,
        qPrintable(QString("checkpoint event: %1").arg(QString(QJsonDocument(event).toJson()))));
    clear_stop_signal();
  }
};

RCMAE_QTEST(TestStopOnSignal)
#include "test_stop_on_signal.moc"
