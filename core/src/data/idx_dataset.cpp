// MNIST / Fashion-MNIST from IDX files: decoded once, kept as one uint8 block.
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "loaders.h"
#include "path_checks.h"
#include "rcmae/data/augment.h"
#include "rcmae/data/byte_buffer.h"
#include "rcmae/data/channel_stats.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/idx_format.h"
#include "rcmae/data/in_memory_dataset.h"

namespace rcmae {

namespace fs = std::filesystem;

namespace {

struct IdxFiles {
  fs::path images;
  fs::path labels;
};

struct IdxSplit {
  std::vector<cv::Mat> images;  // gray, one shared block
  std::vector<int64_t> labels;
  int height = 0;
  int width = 0;
};

// The usual names, gzip'd or not, and the "train-images.idx3-ubyte" variant.
std::vector<std::string> candidate_names(const std::string& prefix, const std::string& what,
                                         int dims) {
  const std::string base = prefix + "-" + what;
  const std::string kind = "idx" + std::to_string(dims) + "-ubyte";
  return {base + "-" + kind + ".gz", base + "-" + kind, base + "." + kind + ".gz",
          base + "." + kind};
}

std::optional<IdxFiles> find_split_files(const fs::path& dir, const std::string& prefix) {
  const auto images = find_first(dir, candidate_names(prefix, "images", 3));
  if (!images) return std::nullopt;
  const std::vector<std::string> label_names = candidate_names(prefix, "labels", 1);
  const auto labels = find_first(dir, label_names);
  if (!labels) {
    throw DataError((dir / label_names[0]).string(),
                    "label file not found (looked for " + join_alternatives(label_names) +
                        " next to " + images->filename().string() + ")");
  }
  return IdxFiles{*images, *labels};
}

IdxSplit load_split(const IdxFiles& files) {
  const std::string image_name = files.images.string();
  const std::string label_name = files.labels.string();
  const Bytes image_bytes = read_file_bytes(image_name);
  IdxArray images = parse_idx(image_bytes.data(), image_bytes.size(), image_name, 3);
  const Bytes label_bytes = read_file_bytes(label_name);
  const IdxArray labels = parse_idx(label_bytes.data(), label_bytes.size(), label_name, 1);
  const size_t count = images.dims[0];
  if (count == 0) throw DataError(image_name, "contains no images (dimensions 0xHxW)");
  if (images.dims[1] == 0 || images.dims[2] == 0 || images.dims[1] > 65536 ||
      images.dims[2] > 65536) {
    throw DataError(image_name, "wrong dimensions: image size " + std::to_string(images.dims[1]) +
                                    "x" + std::to_string(images.dims[2]) +
                                    " (expected 1-65536 on each side)");
  }
  if (labels.dims[0] != count) {
    throw DataError(label_name,
                    "label file does not match the image file: " + std::to_string(labels.dims[0]) +
                        " labels for " + std::to_string(count) + " images in " +
                        files.images.filename().string());
  }
  IdxSplit split;
  split.height = static_cast<int>(images.dims[1]);
  split.width = static_cast<int>(images.dims[2]);
  // One Mat owns the pixels; each image is a row range of it.
  cv::Mat block(static_cast<int>(count) * split.height, split.width, CV_8UC1);
  std::copy(images.data.begin(), images.data.end(), block.data);
  split.images = split_image_block(block, static_cast<int64_t>(count), split.height);
  split.labels.assign(labels.data.begin(), labels.data.end());
  return split;
}

// The item count from an IDX header alone (gzread reads gzip'd and raw files alike), so the
// other split's size is known without decoding it.
int64_t read_idx_count(const fs::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw DataError(path.string(), "cannot open");
  uint8_t header[8] = {};
  const int got = gzread(file, header, sizeof header);
  gzclose(file);
  if (got != static_cast<int>(sizeof header) || header[0] != 0 || header[1] != 0) {
    throw DataError(path.string(), "wrong magic or truncated header: not an IDX file");
  }
  return (int64_t{header[4]} << 24) | (int64_t{header[5]} << 16) | (int64_t{header[6]} << 8) |
         header[7];
}

const std::vector<std::string>& fashion_mnist_class_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                                 "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                                 "Bag",         "Ankle boot"};
  return names;
}

// Converts all images at once: one cvtColor over the shared block, re-split.
std::vector<cv::Mat> to_channels(const IdxSplit& split, int channels) {
  if (channels == 1) return split.images;
  const int64_t count = static_cast<int64_t>(split.images.size());
  cv::Mat block(static_cast<int>(count) * split.height, split.width, CV_8UC1,
                split.images.front().data);
  return split_image_block(convert_channels(block, channels), count, split.height);
}

}  // namespace

std::shared_ptr<ImageDataset> load_idx_dataset(const DatasetSpec& spec, Split split, int channels) {
  const fs::path dir(spec.path);
  require_directory(dir);
  const auto train_files = find_split_files(dir, "train");
  if (!train_files) {
    const std::vector<std::string> names = candidate_names("train", "images", 3);
    throw DataError((dir / names[0]).string(),
                    "IDX image file not found (looked for " + join_alternatives(names) + ")");
  }
  const auto test_files = find_split_files(dir, "t10k");
  // Without t10k files the test split is held out of the train file.
  const bool held_out = !test_files;
  const IdxFiles& files = split == Split::Test && !held_out ? *test_files : *train_files;
  IdxSplit loaded = load_split(files);

  DatasetInfo info;
  info.name = spec.canonical();
  info.channels = channels;
  info.native_height = loaded.height;
  info.native_width = loaded.width;
  const int64_t max_label = *std::max_element(loaded.labels.begin(), loaded.labels.end());
  info.num_classes = std::max<int>(10, static_cast<int>(max_label) + 1);
  if (spec.kind == DatasetKind::FashionMnist && info.num_classes == 10) {
    info.class_names = fashion_mnist_class_names();
  } else {
    for (int c = 0; c < info.num_classes; ++c) info.class_names.push_back(std::to_string(c));
  }
  // The published statistics of the 60k training images.
  const ChannelStats known = spec.kind == DatasetKind::FashionMnist
                                 ? ChannelStats{{0.2860f}, {0.3530f}}
                                 : ChannelStats{{0.1307f}, {0.3081f}};
  const ChannelStats stats = adapt_known_stats(known, channels);
  info.mean = stats.mean;
  info.std = stats.std;

  std::vector<cv::Mat> images = to_channels(loaded, channels);
  const auto count = static_cast<int64_t>(images.size());
  if (held_out) {
    spdlog::info("{}: no t10k files; holding out every {}th training image as the test split",
                 spec.path, kHeldOutEvery);
    info.train_size = static_cast<int64_t>(held_out_indices(count, Split::Train).size());
    info.test_size = count - info.train_size;
    return select_images(std::move(info), images, loaded.labels, held_out_indices(count, split));
  }
  const IdxFiles& other = split == Split::Train ? *test_files : *train_files;
  const int64_t other_count = read_idx_count(other.images);
  info.train_size = split == Split::Train ? count : other_count;
  info.test_size = split == Split::Test ? count : other_count;
  return std::make_shared<InMemoryDataset>(std::move(info), std::move(images),
                                           std::move(loaded.labels));
}

}  // namespace rcmae
