#pragma once
// One dataset spec, used by the CLI and the GUI alike:
//   synthetic | fashion-mnist | fashion-mnist:DIR | mnist:DIR | cifar10:DIR | folder:DIR
#include <memory>
#include <string>

#include "rcmae/data/batch_source.h"

namespace rcmae {

struct DataOptions {
  std::string spec = "synthetic";
  int img_size = 32;  // model input size; images are cropped/resized to it
  int channels = 3;   // model input channels; sources convert to it
  int batch = 128;
  uint64_t seed = 0;
  int workers = 1;              // decode/augment threads
  bool augment = true;          // false: deterministic eval transform
  double min_crop_scale = 0.2;  // RandomResizedCrop's smallest area fraction (MAE: 0.2)
};

// Opens the training stream for a spec. Throws DataError naming the file and the problem.
std::unique_ptr<BatchSource> open_batch_source(const DataOptions& options);

}  // namespace rcmae
