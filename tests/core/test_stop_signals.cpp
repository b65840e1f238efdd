// SIGTERM / SIGINT / SIGHUP as stop requests: the handler records the first signal and
// writes it to the self-pipe (what the training loop and the window's socket notifier
// watch); a second signal ends the process as the default action would.
#include <sys/wait.h>
#include <unistd.h>

#include <QTest>
#include <csignal>

#include "harness/qtest_registry.h"
#include "rcmae/util/stop_signals.h"

using namespace rcmae;

class TestStopSignals : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() {
    install_stop_signals();
    clear_stop_signal();
  }

  void eachStopSignalIsRecordedAndReachesThePipe() {
    for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
      QCOMPARE(stop_signal_received(), 0);
      std::raise(signal_number);
      QCOMPARE(stop_signal_received(), signal_number);
      char byte = 0;
      QCOMPARE(::read(stop_signal_fd(), &byte, 1), ssize_t(1));
      QCOMPARE(int(byte), signal_number);
      QCOMPARE(::read(stop_signal_fd(), &byte, 1), ssize_t(-1));  // one byte per signal
      clear_stop_signal();
    }
  }

  void theFirstSignalIsTheOneReported() {
    std::raise(SIGHUP);
    QCOMPARE(stop_signal_received(), SIGHUP);
    QCOMPARE(QString(stop_signal_name(stop_signal_received())), QString("SIGHUP"));
  }

  // The process survives the first signal and dies of the second, as Ctrl-C twice expects.
  void aSecondSignalEndsTheProcess() {
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
      std::raise(SIGINT);
      if (stop_signal_received() != SIGINT) ::_exit(3);
      std::raise(SIGTERM);
      ::_exit(0);  // not reached when the second signal ends the process
    }
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY2(WIFSIGNALED(status),
             qPrintable(QString("child exited with %1").arg(WEXITSTATUS(status))));
    QCOMPARE(WTERMSIG(status), SIGTERM);
  }

  void cleanupTestCase() { clear_stop_signal(); }
};

RCMAE_QTEST_GUILESS(TestStopSignals)
#include "test_stop_signals.moc"
