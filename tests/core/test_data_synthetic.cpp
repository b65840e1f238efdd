// The built-in synthetic source: deterministic, labelled, any size/channels. How cheap it
// is to render is measured, not asserted: `rcmae bench --data-only --dataset synthetic`.
#include <QtTest/QtTest>
#include <set>

#include "harness/qtest_registry.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/source_factory.h"
#include "rcmae/data/synthetic.h"

using namespace rcmae;

class TestDataSynthetic : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void same_seed_and_index_give_same_image() {
    const cv::Mat a = render_synthetic(7, 123, 32, 3);
    const cv::Mat b = render_synthetic(7, 123, 32, 3);
    QCOMPARE(cv::norm(a, b, cv::NORM_INF), 0.0);
    const cv::Mat other_index = render_synthetic(7, 124, 32, 3);
    const cv::Mat other_seed = render_synthetic(8, 123, 32, 3);
    QVERIFY(cv::norm(a, other_index, cv::NORM_L1) > 0);
    QVERIFY(cv::norm(a, other_seed, cv::NORM_L1) > 0);
  }

  void any_size_and_channel_count() {
    for (int size : {1, 7, 28, 32, 96}) {
      for (int channels : {1, 2, 3, 4}) {
        const cv::Mat image = render_synthetic(0, 5, size, channels);
        QCOMPARE(image.rows, size);
        QCOMPARE(image.cols, size);
        QCOMPARE(image.channels(), channels);
        QCOMPARE(image.depth(), CV_8U);
      }
    }
  }

  void images_have_visible_content() {
    // Every class draws a pattern with contrast: no flat images.
    for (int64_t i = 0; i < 50; ++i) {
      const cv::Mat gray = render_synthetic(0, i, 32, 1);
      double lo = 0, hi = 0;
      cv::minMaxLoc(gray, &lo, &hi);
      QVERIFY2(hi - lo >= 40, qPrintable(QString("image %1 range %2").arg(i).arg(hi - lo)));
    }
  }

  void labels_are_balanced_and_splits_disjoint() {
    SyntheticDataset train(Split::Train, 16, 3);
    SyntheticDataset test(Split::Test, 16, 3);
    QCOMPARE(train.size(), kSyntheticTrainSize);
    QCOMPARE(test.size(), kSyntheticTestSize);
    std::vector<int> counts(kSyntheticClasses, 0);
    for (int64_t i = 0; i < 1000; ++i) ++counts[train.label(i)];
    for (int c : counts) QCOMPARE(c, 100);
    QVERIFY(cv::norm(train.image(0), test.image(0), cv::NORM_L1) > 0);
    QCOMPARE(train.info().num_classes, 10);
    QCOMPARE(int(train.info().class_names.size()), 10);
    // Both splits normalise with the train statistics.
    QCOMPARE(train.info().mean, test.info().mean);
    for (float s : train.info().std) QVERIFY(s > 0.05f && s < 0.6f);
  }

  void batch_source_delivers_normalised_batches() {
    DataOptions options;
    options.spec = "synthetic";
    options.img_size = 24;
    options.channels = 3;
    options.batch = 16;
    auto source = open_batch_source(options);
    const Batch batch = source->next_batch();
    QCOMPARE(batch.images.sizes(), (torch::IntArrayRef{16, 3, 24, 24}));
    QCOMPARE(batch.images.scalar_type(), torch::kFloat32);
    QCOMPARE(batch.labels.sizes(), (torch::IntArrayRef{16}));
    QCOMPARE(batch.labels.scalar_type(), torch::kInt64);
    QVERIFY(batch.labels.min().item<int64_t>() >= 0);
    QVERIFY(batch.labels.max().item<int64_t>() < 10);
    // Normalised: roughly zero mean, unit spread (not [0,1] or [0,255]).
    const double mean = batch.images.mean().item<double>();
    const double std = batch.images.std().item<double>();
    QVERIFY2(std::abs(mean) < 0.5, qPrintable(QString::number(mean)));
    QVERIFY2(std > 0.6 && std < 1.5, qPrintable(QString::number(std)));
    QCOMPARE(source->info().name, std::string("synthetic"));
    QCOMPARE(int(source->info().mean.size()), 3);
  }

  void bad_size_or_channels_is_a_data_error() {
    QVERIFY_THROWS_EXCEPTION(DataError, SyntheticDataset(Split::Train, 0, 3));
    QVERIFY_THROWS_EXCEPTION(DataError, SyntheticDataset(Split::Train, 32, 5));
  }
};

RCMAE_QTEST_GUILESS(TestDataSynthetic)
#include "test_data_synthetic.moc"
