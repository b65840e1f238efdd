#include "rcmae/data/image_dataset.h"

#include "loaders.h"
#include "rcmae/data/augment.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/dataset_spec.h"
#include "rcmae/data/synthetic.h"

namespace rcmae {

std::shared_ptr<ImageDataset> open_dataset(const std::string& spec_text, Split split, int channels,
                                           int synthetic_size) {
  const DatasetSpec spec = parse_dataset_spec(spec_text);
  if (channels < 1 || channels > 4) {
    throw DataError(spec_text, "channels must be 1-4, got " + std::to_string(channels));
  }
  switch (spec.kind) {
    case DatasetKind::Synthetic:
      return std::make_shared<SyntheticDataset>(split, synthetic_size > 0 ? synthetic_size : 32,
                                                channels);
    case DatasetKind::FashionMnist:
    case DatasetKind::Mnist:
      return load_idx_dataset(spec, split, channels);
    case DatasetKind::Cifar10:
      return load_cifar_dataset(spec, split, channels);
    case DatasetKind::Folder:
      return load_folder_dataset(spec, split, channels);
  }
  throw DataError(spec_text, "unhandled dataset kind");
}

torch::Tensor eval_batch(const ImageDataset& dataset, const std::vector<int64_t>& indices,
                         int img_size, const std::vector<float>& mean,
                         const std::vector<float>& std) {
  const int channels = dataset.info().channels;
  const auto n = static_cast<int64_t>(indices.size());
  torch::Tensor out = torch::empty({n, channels, img_size, img_size}, torch::kFloat32);
  float* pixels = out.data_ptr<float>();
  const int64_t stride = static_cast<int64_t>(channels) * img_size * img_size;
  for (int64_t k = 0; k < n; ++k) {
    const int64_t index = indices[static_cast<size_t>(k)];
    if (index < 0 || index >= dataset.size()) {
      throw DataError(dataset.info().name, "index " + std::to_string(index) +
                                               " out of range (size " +
                                               std::to_string(dataset.size()) + ")");
    }
    normalize_into(eval_transform(dataset.image(index), img_size), mean, std, pixels + k * stride);
  }
  return out;
}

torch::Tensor eval_batch(const ImageDataset& dataset, const std::vector<int64_t>& indices,
                         int img_size) {
  return eval_batch(dataset, indices, img_size, dataset.info().mean, dataset.info().std);
}

torch::Tensor label_batch(const ImageDataset& dataset, const std::vector<int64_t>& indices) {
  torch::Tensor out = torch::empty({static_cast<int64_t>(indices.size())}, torch::kInt64);
  int64_t* labels = out.data_ptr<int64_t>();
  for (size_t k = 0; k < indices.size(); ++k) labels[k] = dataset.label(indices[k]);
  return out;
}

}  // namespace rcmae
