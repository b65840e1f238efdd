// The protocol between the GUI thread and the training worker (WorkerControl), with real
// threads: one plays the worker's step loop, the test thread plays the window. The tests
// assert counts, not timings. tests/sanitize also builds this test under ThreadSanitizer,
// where any data race in the protocol ends it with an error.
#include <QTest>
#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "harness/qtest_registry.h"
#include "rcmae/session/worker_control.h"

using namespace rcmae;
using namespace rcmae::session;
using namespace std::chrono_literals;

namespace {

// The worker's side, as TrainingWorker::before_step runs it: serve requests, claim a step or
// sleep until there is work, take the live changes before the step.
struct FakeWorker {
  WorkerControl& control;
  std::atomic<long> steps{0};
  std::atomic<long> single_steps{0};
  std::atomic<long> snapshots{0};
  std::atomic<long> checkpoints{0};
  std::vector<double> mask_ratios_seen;  // read by the test thread only after join
  double last_momentum = 0;
  std::thread thread;

  explicit FakeWorker(WorkerControl& c) : control(c) {}

  void start() {
    thread = std::thread([this] { run(); });
  }

  void run() {
    while (!control.stop_requested()) {
      if (control.take_snapshot_request()) ++snapshots;
      if (control.take_checkpoint_request()) ++checkpoints;
      const StepClaim claim = control.claim_step();
      if (claim == StepClaim::None) {
        control.wait_for_work(1h);  // only a request or stop may end this wait
        continue;
      }
      const LiveChanges changes = control.take_changes();
      if (changes.mask_ratio) mask_ratios_seen.push_back(*changes.mask_ratio);
      if (changes.momentum) last_momentum = *changes.momentum;
      ++(claim == StepClaim::SingleStep ? single_steps : steps);
      std::this_thread::yield();
    }
  }

  // Stop and join; fails the test (instead of hanging it) if stop does not end the loop.
  bool stop() {
    control.request_stop();
    auto joined = std::async(std::launch::async, [this] { thread.join(); });
    return joined.wait_for(60s) == std::future_status::ready;
  }
};

// Waits for a condition the worker must reach; generous, so a loaded machine never fails it.
template <typename Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 60000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return condition();
}

}  // namespace

class TestWorkerControl : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aPausedWorkerTakesExactlyTheStepsRequested() {
    WorkerControl control;
    control.pause();
    FakeWorker worker(control);
    worker.start();
    constexpr int kRequests = 500;
    for (int i = 0; i < kRequests; ++i) control.request_step();
    QVERIFY(eventually([&] { return worker.single_steps.load() == kRequests; }));
    control.request_step();  // a sleeping worker wakes for a request
    QVERIFY(eventually([&] { return worker.single_steps.load() == kRequests + 1; }));
    QVERIFY(worker.stop());
    QCOMPARE(worker.steps.load(), 0L);  // paused throughout: no ordinary step
    QCOMPARE(worker.single_steps.load(), long(kRequests + 1));
  }

  // Pause, resume and step requests race the worker's claims. A running worker leaves step
  // requests alone; once paused for good it takes every one still queued, so the single
  // steps taken can never exceed the requests made (a claim that drove the count below zero
  // would lose the next request) and none is lost.
  void requestsRacingPauseAndResumeAreNeitherLostNorInvented() {
    WorkerControl control;
    FakeWorker worker(control);
    worker.start();
    long requested = 0;
    for (int round = 0; round < 2000; ++round) {
      if (round % 3 == 0) control.pause();
      if (round % 2 == 0) {
        control.request_step();
        ++requested;
      }
      if (round % 5 == 0) control.resume();
      if (round % 7 == 0) std::this_thread::yield();
    }
    control.pause();
    const long steps_before = worker.steps.load();
    QVERIFY(eventually([&] { return worker.single_steps.load() >= requested; }));
    QVERIFY(worker.stop());
    QCOMPARE(worker.single_steps.load(), requested);
    QVERIFY(worker.steps.load() >= steps_before);
    QVERIFY(worker.steps.load() <= steps_before + 1);  // at most the step under way at pause()
  }

  // Changes posted faster than steps are taken merge, newest value winning per field: the
  // worker sees an increasing subsequence ending at the last value posted, and fields
  // posted separately are not lost by the merge.
  void liveChangesMergeAndTheNewestValueArrives() {
    WorkerControl control;
    FakeWorker worker(control);
    worker.start();
    constexpr int kPosts = 3000;
    for (int i = 1; i <= kPosts; ++i) {
      LiveChanges changes;
      changes.mask_ratio = i / double(kPosts);
      control.post_changes(changes);
      if (i % 1000 == 0) {
        LiveChanges momentum;
        momentum.momentum = 0.9 + i / 1e5;
        control.post_changes(momentum);
      }
    }
    const long steps_after_posts = worker.steps.load();
    QVERIFY(eventually([&] { return worker.steps.load() >= steps_after_posts + 2; }));
    QVERIFY(worker.stop());
    QVERIFY(!worker.mask_ratios_seen.empty());
    QCOMPARE(worker.mask_ratios_seen.back(), 1.0);
    for (size_t i = 1; i < worker.mask_ratios_seen.size(); ++i)
      QVERIFY(worker.mask_ratios_seen[i] > worker.mask_ratios_seen[i - 1]);
    QCOMPARE(worker.last_momentum, 0.9 + kPosts / 1e5);
    QVERIFY(control.take_changes().empty());
  }

  // A request is served once however often it is asked for before the worker looks, and a
  // paused, sleeping worker wakes for it.
  void snapshotAndCheckpointRequestsWakeAPausedWorkerAndAreServedOnce() {
    WorkerControl control;
    control.pause();
    FakeWorker worker(control);
    worker.start();
    control.request_snapshot();
    QVERIFY(eventually([&] { return worker.snapshots.load() == 1; }));
    control.request_checkpoint();
    QVERIFY(eventually([&] { return worker.checkpoints.load() == 1; }));
    QVERIFY(worker.stop());
    QCOMPARE(worker.snapshots.load(), 1L);
    QCOMPARE(worker.checkpoints.load(), 1L);
    QCOMPARE(worker.steps.load() + worker.single_steps.load(), 0L);
  }

  // The run paused itself (budget, error): requests made before are dropped, later ones
  // are served.
  void pausingItselfDropsEarlierStepRequests() {
    WorkerControl control;
    control.pause();
    control.request_step();
    control.request_step();
    control.pause_itself();
    QCOMPARE(int(control.claim_step()), int(StepClaim::None));
    control.request_step();
    QCOMPARE(int(control.claim_step()), int(StepClaim::SingleStep));
    QCOMPARE(int(control.claim_step()), int(StepClaim::None));
    control.resume();
    QCOMPARE(int(control.claim_step()), int(StepClaim::Step));
  }

  void stopWakesAWorkerSleepingWhilePaused() {
    WorkerControl control;
    control.pause();
    FakeWorker worker(control);
    worker.start();
    QVERIFY(worker.stop());  // the worker sleeps for an hour unless stop wakes it
  }
};

RCMAE_QTEST_GUILESS(TestWorkerControl)
#include "test_worker_control.moc"
