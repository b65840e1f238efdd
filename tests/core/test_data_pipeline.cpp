// The batch pipeline: order, epoch coverage, determinism across worker counts, bounded
// queue, prompt shutdown when full, error propagation.
#include <QtTest/QtTest>
#include <chrono>
#include <thread>

#include "rcmae/data/in_memory_dataset.h"
#include "rcmae/data/pipeline.h"
#include "rcmae/data/source_factory.h"
#include "test_data_util.h"

using namespace rcmae;
using namespace rcmae::test;
using Clock = std::chrono::steady_clock;

namespace {

// Image i is a flat 4x4 gray image of value i and label i, so a batch reveals its samples.
std::shared_ptr<InMemoryDataset> numbered_dataset(int count) {
  DatasetInfo info;
  info.name = "numbered";
  info.channels = 1;
  info.train_size = count;
  info.mean = {0.f};
  info.std = {1.f / 255.f};  // normalised value == pixel value
  std::vector<cv::Mat> images;
  std::vector<int64_t> labels;
  for (int i = 0; i < count; ++i) {
    images.emplace_back(4, 4, CV_8UC1, cv::Scalar(i));
    labels.push_back(i);
  }
  return std::make_shared<InMemoryDataset>(info, images, labels);
}

// A dataset whose images fail to decode: as a streamed folder of corrupt files would.
class BrokenDataset : public ImageDataset {
 public:
  BrokenDataset() {
    info_.name = "broken";
    info_.channels = 1;
    info_.mean = {0.f};
    info_.std = {1.f};
  }
  int64_t size() const override { return 100; }
  int64_t label(int64_t) const override { return 0; }
  cv::Mat image(int64_t i) const override {
    throw DataError("/data/img" + std::to_string(i) + ".png", "cannot be decoded");
  }
  const DatasetInfo& info() const override { return info_; }

 private:
  DatasetInfo info_;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

class TestDataPipeline : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void each_epoch_visits_every_sample_once_in_a_shuffled_order() {
    PipelineOptions options;
    options.img_size = 4;
    options.batch = 10;
    options.augment = false;
    options.seed = 3;
    PipelineSource source(numbered_dataset(50), options);
    for (int epoch = 0; epoch < 2; ++epoch) {
      std::vector<int64_t> seen;
      for (int b = 0; b < 5; ++b) {
        const Batch batch = source.next_batch();
        for (int k = 0; k < 10; ++k) {
          const int64_t label = batch.labels[k].item<int64_t>();
          // The pixels belong to the labelled sample.
          QCOMPARE(batch.images[k][0][2][2].item<float>(), float(label));
          seen.push_back(label);
        }
      }
      std::vector<int64_t> sorted = seen;
      std::sort(sorted.begin(), sorted.end());
      for (int64_t i = 0; i < 50; ++i) QCOMPARE(sorted[i], i);
      QVERIFY(!std::is_sorted(seen.begin(), seen.end()));  // shuffled
    }
    QCOMPARE(source.batches_delivered(), int64_t{10});
  }

  void batches_spanning_epochs_and_tiny_datasets() {
    PipelineOptions options;
    options.img_size = 4;
    options.batch = 7;  // 3 samples, batch 7: every batch spans epochs
    options.augment = false;
    PipelineSource source(numbered_dataset(3), options);
    std::vector<int> counts(3, 0);
    for (int b = 0; b < 3; ++b) {
      const Batch batch = source.next_batch();
      for (int k = 0; k < 7; ++k) ++counts[batch.labels[k].item<int64_t>()];
    }
    QCOMPARE(counts, (std::vector<int>{7, 7, 7}));  // 21 positions = 7 whole epochs
  }

  void same_seed_same_batches_for_any_worker_count() {
    DataOptions options;
    options.spec = "synthetic";
    options.img_size = 16;
    options.batch = 32;
    options.seed = 11;
    options.workers = 1;
    auto one = open_batch_source(options);
    options.workers = 3;
    auto three = open_batch_source(options);
    options.seed = 12;
    auto other = open_batch_source(options);
    for (int b = 0; b < 6; ++b) {
      const Batch x = one->next_batch();
      const Batch y = three->next_batch();
      const Batch z = other->next_batch();
      QVERIFY(torch::equal(x.images, y.images));
      QVERIFY(torch::equal(x.labels, y.labels));
      QVERIFY(!torch::equal(x.images, z.images));
    }
  }

  void queue_is_bounded_and_shutdown_when_full_is_prompt() {
    PipelineOptions options;
    options.img_size = 8;
    options.batch = 4;
    options.workers = 2;
    options.prefetch = 3;
    auto source = std::make_unique<PipelineSource>(numbered_dataset(100), options);
    const auto start = Clock::now();
    while (source->ready_batches() < 3 && seconds_since(start) < 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    QCOMPARE(source->ready_batches(), 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    QCOMPARE(source->ready_batches(), 3);  // full: workers wait instead of running ahead
    const auto stop = Clock::now();
    source.reset();
    QVERIFY2(seconds_since(stop) < 0.5, qPrintable(QString::number(seconds_since(stop))));
  }

  void shutdown_mid_batch_is_prompt() {
    // Big batches of big images: destroying must not wait for them to finish.
    DataOptions options;
    options.spec = "synthetic";
    options.img_size = 160;
    options.batch = 1024;
    options.workers = 2;
    auto source = open_batch_source(options);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    const auto stop = Clock::now();
    source.reset();
    QVERIFY2(seconds_since(stop) < 0.5, qPrintable(QString::number(seconds_since(stop))));
  }

  void prefetch_keeps_up_so_the_consumer_does_not_wait() {
    DataOptions options;
    options.spec = "synthetic";
    options.img_size = 32;
    options.batch = 64;
    auto source = open_batch_source(options);
    source->next_batch();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a "training step"
    const auto start = Clock::now();
    for (int b = 0; b < 3; ++b) source->next_batch();
    QVERIFY2(seconds_since(start) < 0.01, qPrintable(QString::number(seconds_since(start))));
  }

  void worker_errors_reach_the_consumer() {
    PipelineOptions options;
    options.img_size = 4;
    options.batch = 2;
    PipelineSource source(std::make_shared<BrokenDataset>(), options);
    expect_data_error([&] { source.next_batch(); }, "broken", "could not be decoded");
    QVERIFY(source.skipped_images() >= 16);
  }

  void rejects_bad_options() {
    PipelineOptions options;
    options.batch = 0;
    expect_data_error([&] { PipelineSource(numbered_dataset(5), options); }, "numbered",
                      "batch size must be >= 1");
    DatasetInfo info;
    info.name = "empty";
    info.channels = 1;
    info.mean = {0.f};
    info.std = {1.f};
    auto empty =
        std::make_shared<InMemoryDataset>(info, std::vector<cv::Mat>{}, std::vector<int64_t>{});
    expect_data_error([&] { PipelineSource(empty, PipelineOptions{}); }, "empty", "no images");
  }
};

QTEST_GUILESS_MAIN(TestDataPipeline)
#include "test_data_pipeline.moc"
