// folder:DIR: class sub-folders, splits, channel conversion, broken and awkward files
// (undecodable, huge, tiny, UTF-8 names), in-memory and streaming modes.
#include <QtTest/QtTest>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "harness/qtest_registry.h"
#include "rcmae/data/folder_dataset.h"
#include "rcmae/data/image_file.h"
#include "rcmae/data/pipeline.h"
#include "rcmae/data/source_factory.h"
#include "test_data_util.h"

using namespace rcmae;
using namespace rcmae::test;
namespace fs = std::filesystem;

namespace {

// Writes a solid image; `rgb` is given in RGB order (imwrite wants BGR).
void write_image(const fs::path& path, int rows, int cols, cv::Scalar rgb, int channels = 3) {
  fs::create_directories(path.parent_path());
  cv::Mat image(rows, cols, CV_8UC(channels), cv::Scalar(rgb[2], rgb[1], rgb[0], rgb[3]));
  if (channels == 1) image.setTo(rgb[0]);
  QVERIFY2(cv::imwrite(path.string(), image), path.c_str());
}

// 20000 x 20000 in the IHDR, no pixel data: only the header check can catch it cheaply.
std::vector<uint8_t> huge_png_header() {
  std::vector<uint8_t> bytes = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
                                0,    0,   0,   13,  'I',  'H',  'D',  'R'};
  for (uint32_t v : {20000u, 20000u}) {
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<uint8_t>(v >> s));
  }
  for (uint8_t b : {8, 2, 0, 0, 0, 0, 0, 0, 0}) bytes.push_back(b);
  return bytes;
}

}  // namespace

class TestDataFolder : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void class_folders_explicit_split_and_formats() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    write_image(root / "train/cat/a.png", 10, 12, {255, 0, 0, 0});
    write_image(root / "train/cat/deeper/b.jpg", 16, 16, {0, 255, 0, 0});
    write_image(root / "train/dog/c.bmp", 9, 9, {0, 0, 255, 0});
    write_image(root / "train/dog/d.webp", 8, 8, {10, 20, 30, 0});
    write_image(root / "test/dog/e.png", 8, 8, {1, 2, 3, 0});
    write_bytes((root / "train/notes.txt").string(), {'h', 'i'});
    write_bytes((root / "train/cat/.hidden.png").string(), {1, 2, 3});
    auto train = open_dataset("folder:" + root.string(), Split::Train, 3);
    auto test = open_dataset("folder:" + root.string(), Split::Test, 3);
    QCOMPARE(train->size(), int64_t{4});
    QCOMPARE(test->size(), int64_t{1});
    QCOMPARE(train->info().class_names, (std::vector<std::string>{"cat", "dog"}));
    QCOMPARE(train->info().test_size, int64_t{1});
    QCOMPARE(train->label(0), int64_t{0});  // cat/a.png
    QCOMPARE(train->label(1), int64_t{0});  // cat/deeper/b.jpg keeps its first-level class
    QCOMPARE(train->label(3), int64_t{1});
    QCOMPARE(test->label(0), int64_t{1});
    // Sorted by path: a.png first. Pixels come back in RGB order.
    const cv::Mat a = train->image(0);
    QCOMPARE(a.size(), cv::Size(12, 10));
    QCOMPARE(a.at<cv::Vec3b>(3, 3), cv::Vec3b(255, 0, 0));
    QCOMPARE(train->image(2).at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 255));
    QCOMPARE(train->info().native_height, 10);
  }

  void gray_rgba_and_16_bit_are_converted() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    write_image(root / "g.png", 4, 4, {77, 0, 0, 0}, 1);
    write_image(root / "rgba.png", 4, 4, {200, 100, 50, 128}, 4);
    cv::Mat deep(4, 4, CV_16UC3, cv::Scalar(0, 0, 65535));  // BGR: red
    QVERIFY(cv::imwrite((root / "deep.png").string(), deep));
    QCOMPARE(decode_image_file((root / "g.png").string(), 3).at<cv::Vec3b>(1, 1),
             cv::Vec3b(77, 77, 77));
    QCOMPARE(decode_image_file((root / "rgba.png").string(), 4).at<cv::Vec4b>(1, 1),
             cv::Vec4b(200, 100, 50, 128));
    QCOMPARE(decode_image_file((root / "rgba.png").string(), 3).at<cv::Vec3b>(1, 1),
             cv::Vec3b(200, 100, 50));
    QCOMPARE(decode_image_file((root / "deep.png").string(), 3).at<cv::Vec3b>(0, 0),
             cv::Vec3b(255, 0, 0));
    QCOMPARE(decode_image_file((root / "deep.png").string(), 1).channels(), 1);
  }

  void held_out_split_is_deterministic_and_disjoint() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    for (int i = 0; i < 30; ++i) {
      write_image(root / (i % 2 ? "odd" : "even") / (std::to_string(i) + ".png"), 4, 4,
                  {double(i), 0, 0, 0});
    }
    auto train = open_dataset("folder:" + root.string(), Split::Train, 3);
    auto test = open_dataset("folder:" + root.string(), Split::Test, 3);
    QCOMPARE(train->size(), int64_t{27});
    QCOMPARE(test->size(), int64_t{3});
    std::set<int> seen;
    for (auto* split : {train.get(), test.get()}) {
      for (int64_t i = 0; i < split->size(); ++i)
        seen.insert(split->image(i).at<cv::Vec3b>(0, 0)[0]);
    }
    QCOMPARE(seen.size(), size_t{30});  // every image in exactly one split
    auto again = open_dataset("folder:" + root.string(), Split::Test, 3);
    for (int64_t i = 0; i < 3; ++i) {
      QCOMPARE(cv::norm(again->image(i), test->image(i), cv::NORM_INF), 0.0);
    }
  }

  void empty_folder_and_no_images() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    expect_data_error([&] { open_dataset("folder:" + root.string(), Split::Train, 3); },
                      root.string(), "folder is empty");
    write_bytes((root / "readme.txt").string(), {'x'});
    expect_data_error([&] { open_dataset("folder:" + root.string(), Split::Train, 3); },
                      root.string(), "no image files found");
    expect_data_error([&] { open_dataset("folder:" + root.string() + "/gone", Split::Train, 3); },
                      "gone", "directory not found");
    expect_data_error(
        [&] { open_dataset("folder:" + (root / "readme.txt").string(), Split::Train, 3); },
        "readme.txt", "not a directory");
  }

  void no_decodable_image_fails_some_undecodable_are_skipped() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    fs::create_directories(root / "a");
    write_bytes((root / "a/bad1.png").string(), {1, 2, 3, 4, 5});
    write_bytes((root / "a/bad2.jpg").string(), {0xFF, 0xD8, 0xFF, 0x00});
    expect_data_error([&] { open_folder_dataset(root.string(), Split::Train, 3); }, root.string(),
                      "no decodable image");
    for (int i = 0; i < 10; ++i)
      write_image(root / "a" / ("ok" + std::to_string(i) + ".png"), 5, 5, {9, 9, 9, 0});
    auto train = open_folder_dataset(root.string(), Split::Train, 3);
    auto test = open_folder_dataset(root.string(), Split::Test, 3);
    QCOMPARE(train->size() + test->size(), int64_t{10});  // the two bad files are gone
    QCOMPARE(train->info().train_size, train->size());
  }

  void utf8_and_spaces_in_paths() {
    QTemporaryDir tmp;
    const fs::path root = fs::path(tmp.path().toStdString()) / "Données d'essai ✓";
    write_image(root / "train/クラス A/画像 1.png", 6, 6, {1, 2, 3, 0});
    write_image(root / "train/Ωmega/ä ö.jpg", 6, 6, {100, 100, 100, 0});
    write_image(root / "test/Ωmega/ß.png", 6, 6, {50, 60, 70, 0});
    auto train = open_dataset("folder:" + root.string(), Split::Train, 3);
    QCOMPARE(train->size(), int64_t{2});
    QCOMPARE(train->info().class_names, (std::vector<std::string>{"Ωmega", "クラス A"}));
    QCOMPARE(train->image(1).at<cv::Vec3b>(0, 0), cv::Vec3b(1, 2, 3));
    auto test = open_dataset("folder:" + root.string(), Split::Test, 1);
    QCOMPARE(test->image(0).channels(), 1);
    expect_data_error([&] { decode_image_file((root / "train/nö.png").string(), 3); }, "nö.png",
                      "not found");
  }

  void headers_report_sizes_without_decoding() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    for (const std::string ext : {"png", "jpg", "bmp", "webp"}) {
      write_image(root / ("x." + ext), 37, 53, {1, 2, 3, 0});
      const auto header = read_image_header((root / ("x." + ext)).string());
      QVERIFY2(header.has_value(), ext.c_str());
      QCOMPARE(header->width, 53);
      QCOMPARE(header->height, 37);
    }
    write_bytes((root / "huge.png").string(), huge_png_header());
    QCOMPARE(read_image_header((root / "huge.png").string())->pixels(), int64_t{400'000'000});
  }

  void enormous_images_are_rejected_or_decoded_reduced() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    write_bytes((root / "huge.png").string(), huge_png_header());
    expect_data_error([&] { decode_image_file((root / "huge.png").string(), 3); }, "huge.png",
                      "20000x20000 (400.0 megapixels), over the 100.0-megapixel limit");
    // JPEGs over the limit are decoded at 1/2, 1/4 or 1/8 size by libjpeg itself.
    write_image(root / "big.jpg", 64, 64, {200, 10, 10, 0});
    const cv::Mat reduced = decode_image_file((root / "big.jpg").string(), 3, 1100);
    QCOMPARE(reduced.size(), cv::Size(32, 32));
    QCOMPARE(decode_image_file((root / "big.jpg").string(), 1, 300).size(), cv::Size(16, 16));
    // In a folder the huge file is skipped (counted, reported) and the rest is used.
    fs::create_directories(root / "set/train/c");
    fs::copy(root / "huge.png", root / "set/train/c/huge.png");
    fs::copy(root / "big.jpg", root / "set/train/c/big.jpg");
    write_image(root / "set/test/c/ok.png", 8, 8, {1, 1, 1, 0});
    auto dataset = open_folder_dataset((root / "set").string(), Split::Train, 3);
    QCOMPARE(dataset->size(), int64_t{1});
    QCOMPARE(dataset->info().train_size, int64_t{1});
    QCOMPARE(dataset->image(0).size(), cv::Size(64, 64));
  }

  void small_images_are_upscaled_to_the_model_size() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    for (int i = 0; i < 12; ++i)
      write_image(root / "c" / (std::to_string(i) + ".png"), 3, 5, {double(20 * i), 0, 0, 0});
    DataOptions options;
    options.spec = "folder:" + root.string();
    options.img_size = 32;
    options.batch = 8;
    auto source = open_batch_source(options);
    const Batch batch = source->next_batch();
    QCOMPARE(batch.images.sizes(), (torch::IntArrayRef{8, 3, 32, 32}));
    QVERIFY(torch::isfinite(batch.images).all().item<bool>());
    QCOMPARE(batch.labels.max().item<int64_t>(), int64_t{0});
  }

  void large_folders_stream_and_skip_bad_files() {
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    for (int i = 0; i < 20; ++i) {
      write_image(root / "train/k" / (std::to_string(i) + ".png"), 6, 6, {double(i), 0, 0, 0});
    }
    write_image(root / "test/k/t.png", 6, 6, {1, 0, 0, 0});
    // TIFF has no header check, so only decoding finds it bad.
    write_bytes((root / "train/k/zz_bad.tif").string(), {'I', 'I', 42, 0, 1, 2, 3});
    FolderOptions options;
    options.memory_budget = 100;  // bytes: forces streaming
    auto dataset = open_folder_dataset(root.string(), Split::Train, 3, options);
    QVERIFY(dynamic_cast<const StreamingFolderDataset*>(dataset.get()) != nullptr);
    QVERIFY(dataset->info().mean.size() == 3);
    PipelineOptions pipeline;
    pipeline.img_size = 8;
    pipeline.batch = dataset->size();  // one epoch a batch: the bad file is always hit
    PipelineSource source(dataset, pipeline);
    const Batch batch = source.next_batch();
    QCOMPARE(batch.images.size(0), dataset->size());
    QVERIFY(source.skipped_images() >= 1);
    bool bad_present = false;
    for (int64_t i = 0; i < dataset->size(); ++i) {
      try {
        dataset->image(i);
      } catch (const DataError& error) {
        bad_present =
            std::string(error.what()).find("zz_bad.tif: cannot be decoded") != std::string::npos;
      }
    }
    QVERIFY(bad_present);
  }
};

RCMAE_QTEST_GUILESS(TestDataFolder)
#include "test_data_folder.moc"
