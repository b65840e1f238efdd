// Which device a run trains on: LOCAL_RANK picks the GPU of each data-parallel rank on a
// machine (no GPU is needed to check the choice itself).
#include <QTest>
#include <cstdlib>

#include "harness/qtest_registry.h"
#include "rcmae/runtime/runtime.h"

using namespace rcmae;

namespace {
torch::Device cuda(int index) {
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
}
}  // namespace

class TestDeviceChoice : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void eachLocalRankGetsItsOwnGpu() {
    QCOMPARE(choose_device("auto", 4, 0), cuda(0));
    QCOMPARE(choose_device("auto", 4, 1), cuda(1));
    QCOMPARE(choose_device("cuda", 4, 3), cuda(3));
    QCOMPARE(choose_device("cuda", 2, -1), cuda(0));  // not data parallel
  }

  void moreRanksThanGpusShareThemRoundRobin() {
    QCOMPARE(choose_device("auto", 2, 2), cuda(0));
    QCOMPARE(choose_device("cuda", 2, 5), cuda(1));
  }

  void withoutAGpuAutoAndCpuTrainOnTheCpu() {
    QCOMPARE(choose_device("auto", 0, 1), torch::Device(torch::kCPU));
    QCOMPARE(choose_device("cpu", 4, 1), torch::Device(torch::kCPU));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, choose_device("cuda", 0, 1));
  }

  void localRankComesFromTheEnvironment() {
    ::setenv("LOCAL_RANK", "3", 1);
    QCOMPARE(local_rank_from_environment(), 3);
    ::setenv("LOCAL_RANK", "x1", 1);
    QCOMPARE(local_rank_from_environment(), -1);
    ::setenv("LOCAL_RANK", "-2", 1);
    QCOMPARE(local_rank_from_environment(), -1);
    ::unsetenv("LOCAL_RANK");
    QCOMPARE(local_rank_from_environment(), -1);
  }

  // This machine's answer agrees with the choice for its GPU count (none in CI: the CPU).
  void resolveDeviceUsesThisMachinesGpus() {
    ::setenv("LOCAL_RANK", "1", 1);
    const int gpus = torch::cuda::is_available() ? int(torch::cuda::device_count()) : 0;
    QCOMPARE(resolve_device("auto"), choose_device("auto", gpus, 1));
    ::unsetenv("LOCAL_RANK");
  }
};

RCMAE_QTEST_GUILESS(TestDeviceChoice)
#include "test_device_choice.moc"
