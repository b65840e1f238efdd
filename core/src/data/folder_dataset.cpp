#include "rcmae/data/folder_dataset.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <set>
#include <thread>

#include "loaders.h"
#include "path_checks.h"
#include "rcmae/data/channel_stats.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/in_memory_dataset.h"

namespace rcmae {

namespace fs = std::filesystem;

namespace {

struct FileList {
  std::vector<fs::path> files;
  std::vector<int64_t> labels;
};

struct FolderLayout {
  FileList train;
  FileList test;
  std::vector<std::string> classes;
  bool explicit_split = false;
};

struct Found {
  fs::path file;
  std::string relative;    // generic form, the key of the held-out hash
  std::string class_name;  // first-level folder; empty for files directly in the root
};

struct ScanCounts {
  size_t entries = 0;
  size_t other_files = 0;
};

std::string lower_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// Dot files and dot folders (.DS_Store, ._x.jpg, .git) are never images of the set.
bool is_hidden(const fs::path& relative) {
  for (const fs::path& part : relative) {
    const std::string name = part.string();
    if (!name.empty() && name[0] == '.') return true;
  }
  return false;
}

std::vector<Found> scan(const fs::path& root, ScanCounts& counts) {
  const std::vector<std::string>& extensions = image_extensions();
  std::vector<Found> found;
  std::error_code error;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    ++counts.entries;
    if (!it->is_regular_file(error)) continue;
    const fs::path relative = it->path().lexically_relative(root);
    if (is_hidden(relative)) continue;
    const std::string ext = lower_extension(relative);
    if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) {
      ++counts.other_files;
      continue;
    }
    const bool in_subfolder = std::distance(relative.begin(), relative.end()) > 1;
    found.push_back({it->path(), relative.generic_string(),
                     in_subfolder ? relative.begin()->string() : std::string()});
  }
  if (error) throw DataError(root.string(), "cannot list the folder: " + error.message());
  // Directory order is unspecified: sort so that indices are the same on every run.
  std::sort(found.begin(), found.end(),
            [](const Found& a, const Found& b) { return a.relative < b.relative; });
  return found;
}

uint64_t fnv1a(const std::string& text) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

FileList to_list(const std::vector<Found>& items, const std::vector<std::string>& classes) {
  FileList list;
  for (const Found& item : items) {
    list.files.push_back(item.file);
    const auto it = std::lower_bound(classes.begin(), classes.end(), item.class_name);
    list.labels.push_back(item.class_name.empty() ? -1 : it - classes.begin());
  }
  return list;
}

std::string extension_list() {
  std::string text;
  for (const std::string& ext : image_extensions()) text += (text.empty() ? "" : " ") + ext;
  return text;
}

FolderLayout scan_layout(const fs::path& dir) {
  require_directory(dir);
  ScanCounts counts;
  std::error_code error;
  const fs::path train_root = dir / "train";
  fs::path test_root = dir / "test";
  if (!fs::is_directory(test_root, error)) test_root = dir / "val";
  FolderLayout layout;
  layout.explicit_split = fs::is_directory(train_root, error) && fs::is_directory(test_root, error);
  std::vector<Found> train, test;
  if (layout.explicit_split) {
    train = scan(train_root, counts);
    test = scan(test_root, counts);
  } else {
    train = scan(dir, counts);
  }
  if (counts.entries == 0) throw DataError(dir.string(), "folder is empty");
  if (train.empty() && test.empty()) {
    throw DataError(dir.string(), "no image files found (searched recursively for " +
                                      extension_list() + "; " + std::to_string(counts.other_files) +
                                      " other files ignored)");
  }
  if (!layout.explicit_split) {
    // Held out: the tenth of the files whose path hashes lowest.
    std::stable_sort(train.begin(), train.end(), [](const Found& a, const Found& b) {
      return fnv1a(a.relative) < fnv1a(b.relative);
    });
    const size_t n = train.size();
    const size_t test_count = n >= 2 ? std::max<size_t>(1, n / kHeldOutEvery) : 0;
    test.assign(train.begin(), train.begin() + static_cast<std::ptrdiff_t>(test_count));
    train.erase(train.begin(), train.begin() + static_cast<std::ptrdiff_t>(test_count));
    const auto by_path = [](const Found& a, const Found& b) { return a.relative < b.relative; };
    std::sort(train.begin(), train.end(), by_path);
    std::sort(test.begin(), test.end(), by_path);
  }
  std::set<std::string> names;
  for (const auto* items : {&train, &test}) {
    for (const Found& item : *items) {
      if (!item.class_name.empty()) names.insert(item.class_name);
    }
  }
  layout.classes.assign(names.begin(), names.end());
  layout.train = to_list(train, layout.classes);
  layout.test = to_list(test, layout.classes);
  return layout;
}

int64_t estimated_bytes(const std::vector<fs::path>& files, int channels, int64_t max_pixels) {
  int64_t total = 0;
  for (const fs::path& file : files) {
    if (const auto header = read_image_header(file.string())) {
      total += std::min(header->pixels(), max_pixels) * channels;
    } else {
      std::error_code error;
      const auto size = fs::file_size(file, error);
      total += error ? 0 : static_cast<int64_t>(size) * 4;  // a guess for compressed data
    }
  }
  return total;
}

int thread_count(const FolderOptions& options, size_t jobs) {
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  const int wanted = options.decode_threads > 0 ? options.decode_threads : std::min(4, cores);
  return static_cast<int>(std::max<size_t>(1, std::min<size_t>(wanted, jobs)));
}

struct Decoded {
  std::vector<cv::Mat> images;
  std::vector<int64_t> labels;
};

void report_skipped(const fs::path& dir, size_t failed, size_t total,
                    const std::string& first_error) {
  if (failed == total) {
    throw DataError(dir.string(), "no decodable image: none of the " + std::to_string(total) +
                                      " image files could be decoded (first: " + first_error + ")");
  }
  if (failed > 0) {
    spdlog::warn("{}: skipped {} of {} image files that could not be decoded (first: {})",
                 dir.string(), failed, total, first_error);
  }
}

// Decodes every file in parallel; undecodable ones are dropped, counted, reported once.
Decoded decode_all(const fs::path& dir, const FileList& list, int channels,
                   const FolderOptions& options) {
  const size_t n = list.files.size();
  std::vector<cv::Mat> images(n);
  std::vector<std::string> errors(n);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) {
      try {
        images[i] = decode_image_file(list.files[i].string(), channels, options.max_pixels);
      } catch (const DataError& error) {
        errors[i] = error.what();
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < thread_count(options, n); ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();

  Decoded out;
  size_t failed = 0;
  std::string first_error;
  for (size_t i = 0; i < n; ++i) {
    if (images[i].empty()) {
      if (failed++ == 0) first_error = errors[i];
      continue;
    }
    out.images.push_back(std::move(images[i]));
    out.labels.push_back(list.labels[i]);
  }
  report_skipped(dir, failed, n, first_error);
  return out;
}

// Mean/std from an even sample of the train files (decoding only those).
ChannelStats stats_from_files(const fs::path& dir, const std::vector<fs::path>& files, int channels,
                              const FolderOptions& options) {
  const auto n = static_cast<int64_t>(files.size());
  const int64_t samples = std::min<int64_t>(n, options.stats_images);
  std::vector<cv::Mat> decoded;
  for (int64_t k = 0; k < samples; ++k) {
    try {
      decoded.push_back(
          decode_image_file(files[k * n / samples].string(), channels, options.max_pixels));
    } catch (const DataError&) {
      // Counted and reported where the split itself is decoded.
    }
  }
  if (decoded.empty()) {
    throw DataError(dir.string(), "no decodable image among " + std::to_string(samples) +
                                      " sampled training files");
  }
  return compute_channel_stats([&](int64_t k) { return decoded[static_cast<size_t>(k)]; },
                               static_cast<int64_t>(decoded.size()));
}

ChannelStats stats_from_images(const std::vector<cv::Mat>& images, int max_images) {
  const auto n = static_cast<int64_t>(images.size());
  const int64_t samples = std::min<int64_t>(n, max_images);
  return compute_channel_stats([&](int64_t k) { return images[k * n / samples]; }, samples);
}

// Streaming cannot decode everything up front; drop what the headers already rule out.
FileList prefilter(const fs::path& dir, const FileList& list, const FolderOptions& options) {
  static const std::set<std::string> kHeaderFormats = {".png", ".jpg", ".jpeg", ".jpe",
                                                       ".bmp", ".dib", ".webp"};
  FileList kept;
  size_t failed = 0;
  std::string first_error;
  for (size_t i = 0; i < list.files.size(); ++i) {
    const std::string path = list.files[i].string();
    const auto header = read_image_header(path);
    std::string problem;
    if (!header && kHeaderFormats.count(lower_extension(list.files[i]))) {
      problem = path + ": cannot be decoded (unreadable header)";
    } else if (header && header->pixels() > options.max_pixels && header->format != "jpeg") {
      problem = path + ": image is " + std::to_string(header->width) + "x" +
                std::to_string(header->height) + ", over the pixel limit";
    }
    if (!problem.empty()) {
      if (failed++ == 0) first_error = problem;
      continue;
    }
    kept.files.push_back(list.files[i]);
    kept.labels.push_back(list.labels[i]);
  }
  report_skipped(dir, failed, list.files.size(), first_error);
  return kept;
}

}  // namespace

const std::vector<std::string>& image_extensions() {
  static const std::vector<std::string> extensions = {
      ".png",  ".jpg", ".jpeg", ".jpe", ".bmp", ".dib", ".webp", ".tif",
      ".tiff", ".pbm", ".pgm",  ".ppm", ".pnm", ".pxm", ".sr",   ".ras"};
  return extensions;
}

StreamingFolderDataset::StreamingFolderDataset(DatasetInfo info, std::vector<fs::path> files,
                                               std::vector<int64_t> labels, int64_t max_pixels)
    : info_(std::move(info)),
      files_(std::move(files)),
      labels_(std::move(labels)),
      max_pixels_(max_pixels) {}

cv::Mat StreamingFolderDataset::image(int64_t index) const {
  return decode_image_file(files_.at(static_cast<size_t>(index)).string(), info_.channels,
                           max_pixels_);
}

std::shared_ptr<ImageDataset> open_folder_dataset(const std::string& dir_text, Split split,
                                                  int channels, const FolderOptions& options) {
  const fs::path dir(dir_text);
  const FolderLayout layout = scan_layout(dir);
  const FileList& wanted = split == Split::Train ? layout.train : layout.test;
  if (wanted.files.empty()) {
    throw DataError(dir.string(), std::string("the ") + (split == Split::Train ? "train" : "test") +
                                      " split has no image files" +
                                      (layout.explicit_split ? ""
                                                             : " (a held-out test split "
                                                               "needs at least 2 images)"));
  }
  DatasetInfo info;
  info.name = "folder:" + dir.string();
  info.channels = channels;
  info.num_classes = static_cast<int>(layout.classes.size());
  info.class_names = layout.classes;
  info.train_size = static_cast<int64_t>(layout.train.files.size());
  info.test_size = static_cast<int64_t>(layout.test.files.size());
  int64_t& split_size = split == Split::Train ? info.train_size : info.test_size;

  const int64_t bytes = estimated_bytes(wanted.files, channels, options.max_pixels);
  if (bytes <= options.memory_budget) {
    Decoded decoded = decode_all(dir, wanted, channels, options);
    const ChannelStats stats = split == Split::Train
                                   ? stats_from_images(decoded.images, options.stats_images)
                                   : stats_from_files(dir, layout.train.files, channels, options);
    info.mean = stats.mean;
    info.std = stats.std;
    info.native_height = decoded.images.front().rows;
    info.native_width = decoded.images.front().cols;
    split_size = static_cast<int64_t>(decoded.images.size());
    return std::make_shared<InMemoryDataset>(std::move(info), std::move(decoded.images),
                                             std::move(decoded.labels));
  }
  spdlog::info("{}: ~{} MiB decoded exceeds the {} MiB budget; streaming from disk", dir.string(),
               bytes >> 20, options.memory_budget >> 20);
  FileList kept = prefilter(dir, wanted, options);
  const ChannelStats stats = stats_from_files(dir, layout.train.files, channels, options);
  info.mean = stats.mean;
  info.std = stats.std;
  const cv::Mat first =
      decode_image_file(kept.files.front().string(), channels, options.max_pixels);
  info.native_height = first.rows;
  info.native_width = first.cols;
  split_size = static_cast<int64_t>(kept.files.size());
  return std::make_shared<StreamingFolderDataset>(std::move(info), std::move(kept.files),
                                                  std::move(kept.labels), options.max_pixels);
}

std::shared_ptr<ImageDataset> load_folder_dataset(const DatasetSpec& spec, Split split,
                                                  int channels) {
  return open_folder_dataset(spec.path, split, channels);
}

}  // namespace rcmae
