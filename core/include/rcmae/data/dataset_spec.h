#pragma once
// Parses the dataset spec shared by the CLI and the GUI:
//   synthetic | fashion-mnist[:DIR] | mnist[:DIR] | cifar10[:DIR] | folder:DIR
// No torch, no OpenCV: the GUI may validate a spec as the user types it.
#include <string>

namespace rcmae {

enum class DatasetKind { Synthetic, FashionMnist, Mnist, Cifar10, Folder };

struct DatasetSpec {
  DatasetKind kind = DatasetKind::Synthetic;
  std::string path;               // directory; the default location when the spec names none
  std::string canonical() const;  // e.g. "fashion-mnist:/usr/share/datasets/fashion-mnist"
};

// One line per accepted spec form, for error messages and --help.
std::string valid_dataset_specs();

// Throws DataError (file = the spec) listing the valid specs when `spec` is not one of them.
DatasetSpec parse_dataset_spec(const std::string& spec);

std::string to_string(DatasetKind kind);

}  // namespace rcmae
