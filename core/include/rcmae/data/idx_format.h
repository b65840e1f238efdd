#pragma once
// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
// magic 00 00 TYPE NDIMS, NDIMS big-endian uint32 sizes, then the row-major payload.
// Parsed from memory so the fuzzer can drive it; no torch, no OpenCV.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rcmae {

struct IdxArray {
  std::vector<uint32_t> dims;
  std::vector<uint8_t> data;  // unsigned bytes, row-major
  size_t count() const { return dims.empty() ? 0 : dims[0]; }
};

// Parses an IDX file held in memory, gzip'd or raw. `expected_dims` (0: any) is checked so
// an image file (3 dims) cannot be mistaken for a label file (1 dim). Only unsigned-byte
// payloads (type 0x08) are accepted, as in every MNIST-style set. Throws DataError naming
// `name` and the problem: wrong magic, unsupported type, wrong dimensions, truncated or
// over-long payload.
IdxArray parse_idx(const uint8_t* data, size_t size, const std::string& name,
                   size_t expected_dims = 0);

}  // namespace rcmae
