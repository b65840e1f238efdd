// CIFAR-10 from the binary batches: decoded once into one HWC uint8 block.
#include <spdlog/spdlog.h>

#include <fstream>
#include <opencv2/imgproc.hpp>

#include "loaders.h"
#include "path_checks.h"
#include "rcmae/data/augment.h"
#include "rcmae/data/byte_buffer.h"
#include "rcmae/data/channel_stats.h"
#include "rcmae/data/cifar_format.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/in_memory_dataset.h"

namespace rcmae {

namespace fs = std::filesystem;

namespace {

constexpr int kTrainBatches = 5;

struct CifarFiles {
  std::vector<fs::path> train;  // data_batch_1..5.bin, those present
  std::optional<fs::path> test;
};

// The archive unpacks to cifar-10-batches-bin/; accept either that folder or its parent.
fs::path batch_directory(const fs::path& dir) {
  std::error_code error;
  const fs::path nested = dir / "cifar-10-batches-bin";
  return fs::is_directory(nested, error) ? nested : dir;
}

CifarFiles find_files(const fs::path& dir) {
  CifarFiles files;
  for (int i = 1; i <= kTrainBatches; ++i) {
    if (auto path = find_first(dir, {"data_batch_" + std::to_string(i) + ".bin"})) {
      files.train.push_back(*path);
    }
  }
  files.test = find_first(dir, {"test_batch.bin"});
  if (files.train.empty()) {
    throw DataError(dir.string(),
                    "no CIFAR-10 batches found (looked for data_batch_1.bin .. "
                    "data_batch_5.bin and test_batch.bin)");
  }
  return files;
}

struct Loaded {
  std::vector<cv::Mat> images;  // RGB HWC
  std::vector<int64_t> labels;
};

Loaded load_batches(const std::vector<fs::path>& paths) {
  std::vector<CifarBatch> batches;
  size_t total = 0;
  for (const fs::path& path : paths) {
    const Bytes bytes = read_file_bytes(path.string());
    batches.push_back(parse_cifar_batch(bytes.data(), bytes.size(), path.string()));
    total += batches.back().count();
  }
  Loaded out;
  cv::Mat block(static_cast<int>(total) * kCifarSide, kCifarSide, CV_8UC3);
  out.images = split_image_block(block, static_cast<int64_t>(total), kCifarSide);
  size_t next = 0;
  for (const CifarBatch& batch : batches) {
    for (size_t i = 0; i < batch.count(); ++i, ++next) {
      // Records are planar (R, G, B); merge interleaves them into the HWC block.
      uint8_t* planes = const_cast<uint8_t*>(batch.pixels.data() + i * kCifarPixels);
      const int plane = kCifarSide * kCifarSide;
      const std::vector<cv::Mat> rgb = {
          cv::Mat(kCifarSide, kCifarSide, CV_8UC1, planes),
          cv::Mat(kCifarSide, kCifarSide, CV_8UC1, planes + plane),
          cv::Mat(kCifarSide, kCifarSide, CV_8UC1, planes + 2 * plane)};
      cv::merge(rgb, out.images[next]);
      out.labels.push_back(batch.labels[i]);
    }
  }
  return out;
}

// batches.meta.txt lists the class names one a line; fall back to the standard ones.
std::vector<std::string> class_names(const fs::path& dir) {
  std::ifstream meta(dir / "batches.meta.txt");
  std::vector<std::string> names;
  for (std::string line; std::getline(meta, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) names.push_back(line);
  }
  return names.size() == kCifarClasses ? names : cifar10_class_names();
}

int64_t record_count(const std::vector<fs::path>& paths) {
  int64_t count = 0;
  for (const fs::path& path : paths) {
    std::error_code error;
    count += static_cast<int64_t>(fs::file_size(path, error) / kCifarRecord);
  }
  return count;
}

std::vector<cv::Mat> convert_all(const std::vector<cv::Mat>& images, int channels) {
  if (channels == 3) return images;
  std::vector<cv::Mat> out;
  out.reserve(images.size());
  for (const cv::Mat& image : images) out.push_back(convert_channels(image, channels));
  return out;
}

}  // namespace

std::shared_ptr<ImageDataset> load_cifar_dataset(const DatasetSpec& spec, Split split,
                                                 int channels) {
  require_directory(spec.path);
  const fs::path dir = batch_directory(spec.path);
  const CifarFiles files = find_files(dir);
  const bool held_out = !files.test;
  Loaded loaded = load_batches(
      split == Split::Test && !held_out ? std::vector<fs::path>{*files.test} : files.train);
  std::vector<cv::Mat> images = convert_all(loaded.images, channels);

  DatasetInfo info;
  info.name = spec.canonical();
  info.channels = channels;
  info.native_height = kCifarSide;
  info.native_width = kCifarSide;
  info.num_classes = kCifarClasses;
  info.class_names = class_names(dir);
  const auto count = static_cast<int64_t>(images.size());
  if (channels >= 3) {
    // Published statistics of the 50k training images.
    const ChannelStats stats =
        adapt_known_stats({{0.4914f, 0.4822f, 0.4465f}, {0.2470f, 0.2435f, 0.2616f}}, channels);
    info.mean = stats.mean;
    info.std = stats.std;
  } else {
    // Gray statistics are not published: measure them on the training images.
    const std::vector<cv::Mat> train =
        split == Split::Train ? images : convert_all(load_batches(files.train).images, channels);
    const auto n = static_cast<int64_t>(train.size());
    const int64_t samples = std::min<int64_t>(5000, n);
    const ChannelStats stats = compute_channel_stats(
        [&](int64_t k) { return train[static_cast<size_t>(k * n / samples)]; }, samples);
    info.mean = stats.mean;
    info.std = stats.std;
  }
  if (held_out) {
    spdlog::info("{}: no test_batch.bin; holding out every {}th training image as the test split",
                 dir.string(), kHeldOutEvery);
    info.train_size = static_cast<int64_t>(held_out_indices(count, Split::Train).size());
    info.test_size = count - info.train_size;
    return select_images(std::move(info), images, loaded.labels, held_out_indices(count, split));
  }
  info.train_size = split == Split::Train ? count : record_count(files.train);
  info.test_size = split == Split::Test ? count : record_count({*files.test});
  return std::make_shared<InMemoryDataset>(std::move(info), std::move(images),
                                           std::move(loaded.labels));
}

}  // namespace rcmae
