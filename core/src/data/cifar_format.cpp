#include "rcmae/data/cifar_format.h"

#include <algorithm>

#include "rcmae/data/data_error.h"

namespace rcmae {

const std::vector<std::string>& cifar10_class_names() {
  static const std::vector<std::string> names = {
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
  return names;
}

CifarBatch parse_cifar_batch(const uint8_t* data, size_t size, const std::string& name) {
  if (size == 0) throw DataError(name, "empty file: a CIFAR-10 batch has 3073-byte records");
  if (size % kCifarRecord != 0) {
    throw DataError(name, "wrong length: " + std::to_string(size) +
                              " bytes is not a whole number of 3073-byte CIFAR-10 records "
                              "(1 label + 3072 pixels; " +
                              std::to_string(size / kCifarRecord) + " records and " +
                              std::to_string(size % kCifarRecord) + " stray bytes)");
  }
  const size_t count = size / kCifarRecord;
  CifarBatch batch;
  batch.labels.resize(count);
  batch.pixels.resize(count * kCifarPixels);
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* record = data + i * kCifarRecord;
    if (record[0] >= kCifarClasses) {
      throw DataError(name, "record " + std::to_string(i) + " has label " +
                                std::to_string(record[0]) +
                                "; CIFAR-10 labels are 0-9 (is this CIFAR-100?)");
    }
    batch.labels[i] = record[0];
    std::copy(record + 1, record + kCifarRecord, batch.pixels.begin() + i * kCifarPixels);
  }
  return batch;
}

}  // namespace rcmae
