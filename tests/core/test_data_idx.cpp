// IDX parsing (MNIST / Fashion-MNIST) from memory and from generated files, every broken
// case named in the error, and the installed Fashion-MNIST when present.
#include <QtTest/QtTest>
#include <filesystem>

#include "harness/qtest_registry.h"
#include "rcmae/data/byte_buffer.h"
#include "rcmae/data/channel_stats.h"
#include "rcmae/data/idx_format.h"
#include "rcmae/data/image_dataset.h"
#include "rcmae/data/source_factory.h"
#include "test_data_util.h"

using namespace rcmae;
using namespace rcmae::test;

namespace {

// Image i of a generated set is filled with value 10*i + row, so pixels are checkable.
std::vector<uint8_t> image_payload(uint32_t count, uint32_t rows, uint32_t cols) {
  std::vector<uint8_t> pixels;
  for (uint32_t i = 0; i < count; ++i) {
    for (uint32_t r = 0; r < rows; ++r) {
      for (uint32_t c = 0; c < cols; ++c) pixels.push_back(static_cast<uint8_t>(10 * i + r));
    }
  }
  return pixels;
}

std::vector<uint8_t> label_payload(uint32_t count) {
  std::vector<uint8_t> labels;
  for (uint32_t i = 0; i < count; ++i) labels.push_back(static_cast<uint8_t>(i % 10));
  return labels;
}

void write_split(const std::string& dir, const std::string& prefix, uint32_t count, bool gz,
                 uint32_t label_count) {
  auto images = idx_bytes({count, 6, 5}, image_payload(count, 6, 5));
  auto labels = idx_bytes({label_count}, label_payload(label_count));
  const std::string suffix = gz ? ".gz" : "";
  write_bytes(dir + "/" + prefix + "-images-idx3-ubyte" + suffix, gz ? gzip_bytes(images) : images);
  write_bytes(dir + "/" + prefix + "-labels-idx1-ubyte" + suffix, gz ? gzip_bytes(labels) : labels);
}

constexpr const char* kFashionDir = "/usr/share/datasets/fashion-mnist";

}  // namespace

class TestDataIdx : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parses_raw_and_gzip_buffers() {
    const auto raw = idx_bytes({3, 6, 5}, image_payload(3, 6, 5));
    for (const auto& bytes : {raw, gzip_bytes(raw)}) {
      const IdxArray array = parse_idx(bytes.data(), bytes.size(), "x.idx", 3);
      QCOMPARE(array.dims, (std::vector<uint32_t>{3, 6, 5}));
      QCOMPARE(array.count(), size_t{3});
      QCOMPARE(array.data.size(), size_t{90});
      QCOMPARE(int(array.data[30 + 5 * 2]), 12);  // image 1, row 2
    }
  }

  void rejects_wrong_magic() {
    auto bytes = idx_bytes({2}, {1, 2});
    bytes[0] = 0x50;  // "PK": a zip file, say
    expect_data_error([&] { parse_idx(bytes.data(), bytes.size(), "labels.bin"); }, "labels.bin",
                      "wrong magic");
    const std::vector<uint8_t> tiny = {0, 0};
    expect_data_error([&] { parse_idx(tiny.data(), tiny.size(), "tiny.bin"); }, "tiny.bin",
                      "too short");
  }

  void rejects_unsupported_type_and_wrong_dimensions() {
    const auto floats = idx_bytes({1}, {0, 0, 0, 0}, 0x0D);
    expect_data_error([&] { parse_idx(floats.data(), floats.size(), "f.idx"); }, "f.idx",
                      "0x0d (float32) is not supported");
    const auto labels = idx_bytes({4}, {1, 2, 3, 4});
    expect_data_error([&] { parse_idx(labels.data(), labels.size(), "l.idx", 3); }, "l.idx",
                      "wrong dimensions: IDX file has 1 dimensions, expected 3");
  }

  void rejects_truncated_header_and_payload() {
    auto header_cut = idx_bytes({10, 28, 28}, {});
    header_cut.resize(10);
    expect_data_error([&] { parse_idx(header_cut.data(), header_cut.size(), "h.idx"); }, "h.idx",
                      "truncated header");
    auto payload_cut = idx_bytes({2, 4, 4}, image_payload(2, 4, 4));
    payload_cut.resize(payload_cut.size() - 7);
    expect_data_error([&] { parse_idx(payload_cut.data(), payload_cut.size(), "p.idx"); }, "p.idx",
                      "truncated payload: dimensions 2x4x4 need 32 bytes");
    auto too_long = idx_bytes({2}, {1, 2, 3});
    expect_data_error([&] { parse_idx(too_long.data(), too_long.size(), "long.idx"); }, "long.idx",
                      "payload too long");
    // Dimensions whose product overflows must not wrap the size check.
    const auto huge = idx_bytes({0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {1, 2});
    expect_data_error([&] { parse_idx(huge.data(), huge.size(), "huge.idx"); }, "huge.idx",
                      "overflow");
  }

  void rejects_truncated_or_corrupt_gzip() {
    auto gz = gzip_bytes(idx_bytes({100}, std::vector<uint8_t>(100, 7)));
    auto cut = std::vector<uint8_t>(gz.begin(), gz.begin() + gz.size() / 2);
    expect_data_error([&] { parse_idx(cut.data(), cut.size(), "cut.gz"); }, "cut.gz",
                      "truncated gzip stream");
    auto corrupt = gz;
    for (size_t i = 10; i < corrupt.size(); ++i) corrupt[i] ^= 0x5A;
    expect_data_error([&] { parse_idx(corrupt.data(), corrupt.size(), "bad.gz"); }, "bad.gz",
                      "gzip");
  }

  void gunzip_refuses_output_over_the_limit() {
    const std::vector<uint8_t> zeros(1 << 20, 0);
    const auto gz = gzip_bytes(zeros);
    expect_data_error([&] { gunzip(gz.data(), gz.size(), "bomb.gz", 1000); }, "bomb.gz",
                      "more than 1000 bytes");
    QCOMPARE(gunzip(gz.data(), gz.size(), "ok.gz").size(), zeros.size());
  }

  void loads_generated_dataset_both_splits() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    write_split(path, "train", 20, true, 20);
    write_split(path, "t10k", 7, false, 7);  // raw files work too
    auto train = open_dataset("mnist:" + path, Split::Train, 1);
    auto test = open_dataset("mnist:" + path, Split::Test, 3);
    QCOMPARE(train->size(), int64_t{20});
    QCOMPARE(test->size(), int64_t{7});
    QCOMPARE(train->info().train_size, int64_t{20});
    QCOMPARE(train->info().test_size, int64_t{7});
    QCOMPARE(test->info().train_size, int64_t{20});
    QCOMPARE(train->info().native_height, 6);
    QCOMPARE(train->info().native_width, 5);
    QCOMPARE(train->info().num_classes, 10);
    QCOMPARE(train->label(13), int64_t{3});
    const cv::Mat image = train->image(2);
    QCOMPARE(image.rows, 6);
    QCOMPARE(image.cols, 5);
    QCOMPARE(image.channels(), 1);
    QCOMPARE(int(image.at<uint8_t>(4, 1)), 24);
    const cv::Mat rgb = test->image(1);  // gray replicated into RGB
    QCOMPARE(rgb.channels(), 3);
    QCOMPARE(rgb.at<cv::Vec3b>(5, 0), cv::Vec3b(15, 15, 15));
    QCOMPARE(train->info().mean, std::vector<float>{0.1307f});  // MNIST's published value
    QCOMPARE(test->info().std, (std::vector<float>{0.3081f, 0.3081f, 0.3081f}));
  }

  void missing_test_files_give_a_held_out_split() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    write_split(path, "train", 30, true, 30);
    auto train = open_dataset("fashion-mnist:" + path, Split::Train, 1);
    auto test = open_dataset("fashion-mnist:" + path, Split::Test, 1);
    QCOMPARE(train->size(), int64_t{27});
    QCOMPARE(test->size(), int64_t{3});
    QCOMPARE(test->info().test_size, int64_t{3});
    // Test image 0 is training-file image 9: value 90 + row.
    QCOMPARE(int(test->image(0).at<uint8_t>(0, 0)), 90);
    QCOMPARE(int(train->image(9).at<uint8_t>(0, 0)), 100);  // file image 10
    QCOMPARE(train->info().class_names.front(), std::string("T-shirt/top"));
  }

  void label_count_mismatch_names_the_label_file() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    write_split(path, "train", 20, true, 19);
    expect_data_error([&] { open_dataset("mnist:" + path, Split::Train, 1); },
                      "train-labels-idx1-ubyte.gz", "19 labels for 20 images");
  }

  void swapped_files_are_wrong_dimensions() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    write_bytes(path + "/train-images-idx3-ubyte", idx_bytes({4}, {1, 2, 3, 4}));
    write_bytes(path + "/train-labels-idx1-ubyte", idx_bytes({4}, {1, 2, 3, 4}));
    expect_data_error([&] { open_dataset("mnist:" + path, Split::Train, 1); },
                      "train-images-idx3-ubyte", "wrong dimensions");
  }

  void truncated_file_on_disk_names_the_file() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    auto images = idx_bytes({5, 6, 5}, image_payload(5, 6, 5));
    images.resize(images.size() - 1);
    write_bytes(path + "/train-images-idx3-ubyte", images);
    write_bytes(path + "/train-labels-idx1-ubyte", idx_bytes({5}, label_payload(5)));
    expect_data_error([&] { open_dataset("mnist:" + path, Split::Train, 1); },
                      "train-images-idx3-ubyte", "truncated payload");
  }

  void missing_directory_and_files_are_named() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    expect_data_error([&] { open_dataset("mnist:" + path + "/nope", Split::Train, 1); },
                      path + "/nope", "directory not found");
    expect_data_error([&] { open_dataset("mnist:" + path, Split::Train, 1); },
                      "train-images-idx3-ubyte", "IDX image file not found");
    write_bytes(path + "/train-images-idx3-ubyte.gz",
                gzip_bytes(idx_bytes({2, 6, 5}, image_payload(2, 6, 5))));
    expect_data_error([&] { open_dataset("mnist:" + path, Split::Train, 1); },
                      "train-labels-idx1-ubyte", "label file not found");
  }

  void installed_fashion_mnist_matches_published_statistics() {
    if (!std::filesystem::exists(std::string(kFashionDir) + "/train-images-idx3-ubyte.gz")) {
      QSKIP("Fashion-MNIST is not installed");
    }
    auto train = open_dataset("fashion-mnist", Split::Train, 1);
    auto test = open_dataset("fashion-mnist", Split::Test, 1);
    QCOMPARE(train->size(), int64_t{60000});
    QCOMPARE(test->size(), int64_t{10000});
    QCOMPARE(train->info().native_height, 28);
    QCOMPARE(train->info().num_classes, 10);
    QCOMPARE(train->info().mean, std::vector<float>{0.2860f});
    QCOMPARE(train->info().std, std::vector<float>{0.3530f});
    // The constants agree with the data itself.
    const ChannelStats measured = compute_channel_stats(*train, 6000);
    QVERIFY2(std::abs(measured.mean[0] - 0.2860f) < 0.005f,
             qPrintable(QString::number(measured.mean[0])));
    QVERIFY2(std::abs(measured.std[0] - 0.3530f) < 0.005f,
             qPrintable(QString::number(measured.std[0])));
    std::vector<int> counts(10, 0);
    for (int64_t i = 0; i < test->size(); ++i) ++counts[test->label(i)];
    for (int c : counts) QCOMPARE(c, 1000);
  }

  void fashion_mnist_batches_are_normalised() {
    if (!std::filesystem::exists(std::string(kFashionDir) + "/train-images-idx3-ubyte.gz")) {
      QSKIP("Fashion-MNIST is not installed");
    }
    DataOptions options;
    options.spec = "fashion-mnist";
    options.img_size = 28;
    options.channels = 1;
    options.batch = 256;
    options.augment = false;
    auto source = open_batch_source(options);
    const Batch batch = source->next_batch();
    QCOMPARE(batch.images.sizes(), (torch::IntArrayRef{256, 1, 28, 28}));
    const double mean = batch.images.mean().item<double>();
    const double std = batch.images.std().item<double>();
    QVERIFY2(std::abs(mean) < 0.1, qPrintable(QString::number(mean)));
    QVERIFY2(std::abs(std - 1.0) < 0.1, qPrintable(QString::number(std)));
    QCOMPARE(source->info().name, std::string("fashion-mnist:/usr/share/datasets/fashion-mnist"));
  }
};

RCMAE_QTEST_GUILESS(TestDataIdx)
#include "test_data_idx.moc"
