#pragma once
// The per-format loaders behind open_dataset(). Internal to the data layer.
#include <memory>
#include <string>

#include "rcmae/data/dataset_spec.h"
#include "rcmae/data/image_dataset.h"

namespace rcmae {

// MNIST / Fashion-MNIST IDX files (gzip'd or raw) in spec.path.
std::shared_ptr<ImageDataset> load_idx_dataset(const DatasetSpec& spec, Split split, int channels);
// CIFAR-10 binary batches in spec.path (or spec.path/cifar-10-batches-bin).
std::shared_ptr<ImageDataset> load_cifar_dataset(const DatasetSpec& spec, Split split,
                                                 int channels);
// Any folder of images.
std::shared_ptr<ImageDataset> load_folder_dataset(const DatasetSpec& spec, Split split,
                                                  int channels);

}  // namespace rcmae
