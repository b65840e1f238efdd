#pragma once
// `folder:DIR`: any folder of images, searched recursively. The first-level sub-folder
// name is the class (sorted alphabetically, like torchvision's ImageFolder); files directly
// in DIR are unlabelled (-1). Splits: DIR/train + DIR/test (or DIR/val) when both exist,
// else a deterministic held-out tenth chosen by a hash of each file's relative path (so it
// does not depend on the seed or on directory order).
//
// Small folders are decoded once and kept as uint8; folders whose decoded size (estimated
// from the image headers) exceeds the memory budget are streamed from disk.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "rcmae/data/image_dataset.h"
#include "rcmae/data/image_file.h"

namespace rcmae {

struct FolderOptions {
  int64_t memory_budget = int64_t{1} << 30;  // decoded bytes kept in memory at most
  int64_t max_pixels = kMaxImagePixels;      // per image, see decode_image_file()
  int decode_threads = 0;                    // 0: up to 4, as many as cores
  int stats_images = 1000;                   // images sampled for the mean/std
};

// The file extensions (lower case, with dot) taken as images.
const std::vector<std::string>& image_extensions();

// Opens one split of a folder. Throws DataError naming the folder or file: missing path,
// empty folder, no image files, no decodable image.
std::shared_ptr<ImageDataset> open_folder_dataset(const std::string& dir, Split split, int channels,
                                                  const FolderOptions& options = {});

// Streams a large folder: decodes each image on access. image() throws DataError for a file
// that cannot be decoded; the pipeline skips such files and counts them.
class StreamingFolderDataset : public ImageDataset {
 public:
  StreamingFolderDataset(DatasetInfo info, std::vector<std::filesystem::path> files,
                         std::vector<int64_t> labels, int64_t max_pixels);
  int64_t size() const override { return static_cast<int64_t>(files_.size()); }
  int64_t label(int64_t index) const override { return labels_.at(index); }
  cv::Mat image(int64_t index) const override;
  const DatasetInfo& info() const override { return info_; }

 private:
  DatasetInfo info_;
  std::vector<std::filesystem::path> files_;
  std::vector<int64_t> labels_;
  int64_t max_pixels_;
};

}  // namespace rcmae
