#pragma once
// The CIFAR-10 binary format: records of 1 label byte + 3072 pixel bytes (32x32, planes
// R, G, B). Parsed from memory so the fuzzer can drive it; no torch, no OpenCV.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rcmae {

constexpr int kCifarSide = 32;
constexpr size_t kCifarPixels = 3 * kCifarSide * kCifarSide;  // 3072
constexpr size_t kCifarRecord = 1 + kCifarPixels;             // 3073
constexpr int kCifarClasses = 10;

struct CifarBatch {
  std::vector<uint8_t> labels;  // one per record, 0-9
  std::vector<uint8_t> pixels;  // records * 3072, each record CHW (R plane, G, B)
  size_t count() const { return labels.size(); }
};

// Throws DataError naming `name`: empty file, length not a multiple of 3073, label > 9.
CifarBatch parse_cifar_batch(const uint8_t* data, size_t size, const std::string& name);

// The ten class names of CIFAR-10, index = label.
const std::vector<std::string>& cifar10_class_names();

}  // namespace rcmae
