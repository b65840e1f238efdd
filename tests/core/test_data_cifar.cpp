// CIFAR-10 binary batches: parsing from memory, the planar-to-HWC layout, splits, and each
// broken case named in the error.
#include <QtTest/QtTest>
#include <filesystem>

#include "harness/qtest_registry.h"
#include "rcmae/data/cifar_format.h"
#include "rcmae/data/image_dataset.h"
#include "test_data_util.h"

using namespace rcmae;
using namespace rcmae::test;

namespace {

// Record i: label i % 10; R plane = i, G plane = 100 + row, B plane = 200 + col.
std::vector<uint8_t> cifar_bytes(int first, int count) {
  std::vector<uint8_t> out;
  for (int i = first; i < first + count; ++i) {
    out.push_back(static_cast<uint8_t>(i % 10));
    for (int p = 0; p < 1024; ++p) out.push_back(static_cast<uint8_t>(i));
    for (int p = 0; p < 1024; ++p) out.push_back(static_cast<uint8_t>(100 + p / 32));
    for (int p = 0; p < 1024; ++p) out.push_back(static_cast<uint8_t>(200 + p % 32 / 2));
  }
  return out;
}

}  // namespace

class TestDataCifar : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parses_records() {
    const auto bytes = cifar_bytes(0, 3);
    const CifarBatch batch = parse_cifar_batch(bytes.data(), bytes.size(), "b.bin");
    QCOMPARE(batch.count(), size_t{3});
    QCOMPARE(int(batch.labels[2]), 2);
    QCOMPARE(batch.pixels.size(), size_t{3 * 3072});
    QCOMPARE(int(batch.pixels[3072 + 1024 + 32 * 5]), 105);  // record 1, G plane, row 5
  }

  void rejects_wrong_length_and_empty() {
    auto bytes = cifar_bytes(0, 2);
    bytes.pop_back();
    expect_data_error([&] { parse_cifar_batch(bytes.data(), bytes.size(), "data_batch_1.bin"); },
                      "data_batch_1.bin", "6145 bytes is not a whole number of 3073-byte");
    expect_data_error([&] { parse_cifar_batch(nullptr, 0, "e.bin"); }, "e.bin", "empty file");
  }

  void rejects_labels_outside_cifar10() {
    auto bytes = cifar_bytes(0, 3);
    bytes[2 * 3073] = 57;  // a CIFAR-100 fine label
    expect_data_error([&] { parse_cifar_batch(bytes.data(), bytes.size(), "c100.bin"); },
                      "c100.bin", "record 2 has label 57");
  }

  void loads_train_and_test_as_rgb_hwc() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    write_bytes(path + "/data_batch_1.bin", cifar_bytes(0, 4));
    write_bytes(path + "/data_batch_2.bin", cifar_bytes(4, 3));
    write_bytes(path + "/test_batch.bin", cifar_bytes(50, 2));
    auto train = open_dataset("cifar10:" + path, Split::Train, 3);
    auto test = open_dataset("cifar10:" + path, Split::Test, 3);
    QCOMPARE(train->size(), int64_t{7});
    QCOMPARE(test->size(), int64_t{2});
    QCOMPARE(train->info().test_size, int64_t{2});
    QCOMPARE(test->info().train_size, int64_t{7});
    QCOMPARE(train->info().class_names[3], std::string("cat"));
    QCOMPARE(train->label(5), int64_t{5});
    const cv::Mat image = train->image(5);  // from the second batch
    QCOMPARE(image.rows, 32);
    QCOMPARE(image.channels(), 3);
    QCOMPARE(image.at<cv::Vec3b>(7, 12), cv::Vec3b(5, 107, 206));  // R, G, B
    QCOMPARE(int(test->image(1).at<cv::Vec3b>(0, 0)[0]), 51);
    QCOMPARE(train->info().mean.size(), size_t{3});
    QCOMPARE(train->info().mean[0], 0.4914f);
  }

  void nested_folder_held_out_split_and_gray() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    std::filesystem::create_directory(path + "/cifar-10-batches-bin");
    write_bytes(path + "/cifar-10-batches-bin/data_batch_1.bin", cifar_bytes(0, 20));
    auto train = open_dataset("cifar10:" + path, Split::Train, 1);
    auto test = open_dataset("cifar10:" + path, Split::Test, 1);
    QCOMPARE(train->size(), int64_t{18});
    QCOMPARE(test->size(), int64_t{2});
    QCOMPARE(test->label(1), int64_t{9});  // record 19
    QCOMPARE(train->image(0).channels(), 1);
    // Gray statistics are measured on the training images, so both splits share them.
    QCOMPARE(train->info().mean, test->info().mean);
    QVERIFY(train->info().mean[0] > 0.2f && train->info().mean[0] < 0.8f);
  }

  void broken_files_are_named() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    expect_data_error([&] { open_dataset("cifar10:" + path, Split::Train, 3); }, path,
                      "no CIFAR-10 batches found");
    auto bytes = cifar_bytes(0, 2);
    bytes.resize(bytes.size() + 100);
    write_bytes(path + "/data_batch_1.bin", bytes);
    expect_data_error([&] { open_dataset("cifar10:" + path, Split::Train, 3); }, "data_batch_1.bin",
                      "not a whole number of 3073-byte");
    expect_data_error([&] { open_dataset("cifar10:" + path + "/missing", Split::Train, 3); },
                      "missing", "directory not found");
  }
};

RCMAE_QTEST_GUILESS(TestDataCifar)
#include "test_data_cifar.moc"
