// The data-only benchmark: it measures and reports. Set RCMAE_DATA_BENCH=1 to also print
// the full matrix (synthetic / Fashion-MNIST, 32px RGB / 28px gray, 1 / 2 workers).
#include <QtTest/QtTest>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "harness/qtest_registry.h"
#include "rcmae/bench/data_bench.h"

using namespace rcmae;

class TestDataBench : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void measures_windows_and_reports_the_median() {
    DataOptions data;
    data.spec = "synthetic";
    data.img_size = 16;
    data.batch = 32;
    DataBenchOptions options;
    options.warmup_batches = 1;
    options.windows = 3;
    options.window_seconds = 0.05;
    const DataBenchResult result = run_data_bench(data, options);
    QCOMPARE(result.window_images_per_s.size(), size_t{3});
    QVERIFY(result.batches >= 3);
    std::vector<double> sorted = result.window_images_per_s;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(result.images_per_s, sorted[1]);
    QVERIFY(result.images_per_s > 0);  // how many is the benchmark's answer, not a test's
    const std::string line = to_string(result);
    QVERIFY2(line.find("synthetic 16px 3ch batch 32 workers 1") != std::string::npos, line.c_str());
  }

  void full_matrix() {
    if (std::getenv("RCMAE_DATA_BENCH") == nullptr) QSKIP("set RCMAE_DATA_BENCH=1 to run");
    std::vector<std::string> specs = {"synthetic"};
    if (std::filesystem::exists("/usr/share/datasets/fashion-mnist")) {
      specs.push_back("fashion-mnist");
    }
    for (const std::string& spec : specs) {
      for (const auto& [size, channels] : {std::pair{32, 3}, std::pair{28, 1}}) {
        for (int workers : {1, 2}) {
          DataOptions data;
          data.spec = spec;
          data.img_size = size;
          data.channels = channels;
          data.batch = 128;
          data.workers = workers;
          std::cout << to_string(run_data_bench(data)) << std::endl;
        }
      }
    }
  }
};

RCMAE_QTEST_GUILESS(TestDataBench)
#include "test_data_bench.moc"
