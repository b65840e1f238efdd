// The thread governor against simulated machines: it measures every candidate count, keeps
// the fastest (medians, so one slow step does not mislead it), follows a change of load
// within a few dozen steps, and looks again after its hold even when nothing changed.
#include <QTest>
#include <functional>

#include "harness/qtest_registry.h"
#include "rcmae/governor/thread_governor.h"

using rcmae::ThreadGovernor;

namespace {

// Drives the governor for `steps` steps on a machine whose step time is pace(threads, step).
void run(ThreadGovernor& governor, int steps, const std::function<double(int, int)>& pace,
         int first_step = 0) {
  for (int step = first_step; step < first_step + steps; ++step)
    governor.after_step(pace(governor.threads(), step));
}

}  // namespace

class TestThreadGovernor : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void candidatesHalveDownToOne() {
    QCOMPARE(ThreadGovernor::halvings(2), std::vector<int>({2, 1}));
    QCOMPARE(ThreadGovernor::halvings(16), std::vector<int>({16, 8, 4, 2, 1}));
    QCOMPARE(ThreadGovernor::halvings(6), std::vector<int>({6, 3, 1}));
    QCOMPARE(ThreadGovernor::halvings(1), std::vector<int>({1}));
    QCOMPARE(ThreadGovernor::halvings(0), std::vector<int>({1}));
  }

  // This machine in one hour: two threads 0.093 s a step, one 0.082 s (measured).
  void keepsTheFasterCountAfterMeasuringEach() {
    ThreadGovernor governor({2, 1});
    QCOMPARE(governor.threads(), 2);  // the most, until measured
    int at_two = 0;
    for (int step = 0; step < 40; ++step) {
      at_two += governor.threads() == 2;
      // Every fifth step a slow one (a quality measurement's neighbour, a page fault).
      const double slow = step % 5 == 0 ? 3.0 : 1.0;
      governor.after_step((governor.threads() == 2 ? 0.093 : 0.082) * slow);
    }
    QCOMPARE(governor.threads(), 1);
    QCOMPARE(governor.decisions(), 1);
    QCOMPARE(at_two, 10);  // 2 settling + 8 timed steps, then the one-thread probe
    QVERIFY(std::abs(governor.paces()[0] - 0.093) < 1e-12);
    QVERIFY(std::abs(governor.paces()[1] - 0.082) < 1e-12);
  }

  // Two threads fast (0.065 s against 0.084 s) until another process starts at step 100 and
  // two threads waiting at barriers take 0.30 s (measured with one busy process): half the
  // recent window plus one probe later the governor is on one thread.
  void followsAChangeOfLoad() {
    ThreadGovernor governor({2, 1});
    auto pace = [](int threads, int step) {
      if (step < 100) return threads == 2 ? 0.065 : 0.084;
      return threads == 2 ? 0.30 : 0.086;
    };
    run(governor, 100, pace);
    QCOMPARE(governor.threads(), 2);
    int steps_to_follow = 0;
    while (governor.threads() == 2 || governor.decisions() < 2) {
      governor.after_step(pace(governor.threads(), 100 + steps_to_follow));
      QVERIFY2(++steps_to_follow < 60, "the governor did not follow the load");
    }
    QCOMPARE(governor.threads(), 1);
    // 8 slow steps turn the median of the last 16, then 10 at two threads and 10 at one.
    QCOMPARE(steps_to_follow, 28);
  }

  void looksAgainAfterItsHold() {
    rcmae::ThreadGovernorOptions options;
    options.hold_steps = 50;
    ThreadGovernor governor({2, 1}, options);
    auto pace = [](int threads, int) { return threads == 2 ? 0.065 : 0.084; };
    run(governor, 20, pace);
    QCOMPARE(governor.decisions(), 1);
    run(governor, 2 + 50 + 19, pace);  // settling after the choice, the hold, a probe but one
    QCOMPARE(governor.decisions(), 1);
    run(governor, 1, pace);
    QCOMPARE(governor.decisions(), 2);
    QCOMPARE(governor.threads(), 2);
  }

  void oneCandidateNeverChanges() {
    ThreadGovernor governor({1});
    run(governor, 500, [](int, int step) { return step % 2 ? 0.1 : 10.0; });
    QCOMPARE(governor.threads(), 1);
    QCOMPARE(governor.decisions(), 0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ThreadGovernor(std::vector<int>{}));
  }
};

RCMAE_QTEST(TestThreadGovernor)
#include "test_thread_governor.moc"
