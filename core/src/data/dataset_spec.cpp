#include "rcmae/data/dataset_spec.h"

#include "rcmae/data/data_error.h"

namespace rcmae {

namespace {
constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
constexpr const char* kMnistDir = "/usr/share/datasets/mnist";
constexpr const char* kCifar10Dir = "/usr/share/datasets/cifar10";

std::string strip_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}
}  // namespace

std::string to_string(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::Synthetic:
      return "synthetic";
    case DatasetKind::FashionMnist:
      return "fashion-mnist";
    case DatasetKind::Mnist:
      return "mnist";
    case DatasetKind::Cifar10:
      return "cifar10";
    case DatasetKind::Folder:
      return "folder";
  }
  return "?";
}

std::string DatasetSpec::canonical() const {
  return kind == DatasetKind::Synthetic ? "synthetic" : to_string(kind) + ":" + path;
}

std::string valid_dataset_specs() {
  return std::string(
             "valid dataset specs:\n"
             "  synthetic          built-in procedural shapes and textures (10 classes)\n"
             "  fashion-mnist      Fashion-MNIST IDX files in ") +
         kFashionMnistDir +
         "\n"
         "  fashion-mnist:DIR  Fashion-MNIST IDX files (gzip'd or raw) in DIR\n"
         "  mnist:DIR          MNIST IDX files (gzip'd or raw) in DIR\n"
         "  cifar10:DIR        CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin)\n"
         "  folder:DIR         images under DIR; first-level sub-folders are the classes";
}

DatasetSpec parse_dataset_spec(const std::string& spec) {
  const size_t colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  const bool has_path = colon != std::string::npos;
  const std::string path = has_path ? strip_trailing_slashes(spec.substr(colon + 1)) : "";
  if (has_path && path.empty()) {
    throw DataError(spec, "the directory after ':' is empty\n" + valid_dataset_specs());
  }
  DatasetSpec out;
  if (name == "synthetic" && !has_path) {
    out.kind = DatasetKind::Synthetic;
  } else if (name == "fashion-mnist") {
    out = {DatasetKind::FashionMnist, has_path ? path : kFashionMnistDir};
  } else if (name == "mnist") {
    out = {DatasetKind::Mnist, has_path ? path : kMnistDir};
  } else if (name == "cifar10") {
    out = {DatasetKind::Cifar10, has_path ? path : kCifar10Dir};
  } else if (name == "folder" && has_path) {
    out = {DatasetKind::Folder, path};
  } else if (name == "synthetic") {
    throw DataError(spec, "'synthetic' takes no directory\n" + valid_dataset_specs());
  } else if (name == "folder") {
    throw DataError(spec, "'folder' needs a directory: folder:DIR\n" + valid_dataset_specs());
  } else {
    throw DataError(spec, "unknown dataset '" + name + "'\n" + valid_dataset_specs());
  }
  return out;
}

}  // namespace rcmae
