#include "rcmae/data/idx_format.h"

#include <limits>

#include "rcmae/data/byte_buffer.h"
#include "rcmae/data/data_error.h"

namespace rcmae {

namespace {

constexpr uint8_t kUnsignedByte = 0x08;

uint32_t read_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

std::string type_name(uint8_t type) {
  switch (type) {
    case 0x08:
      return "unsigned byte";
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "int16";
    case 0x0C:
      return "int32";
    case 0x0D:
      return "float32";
    case 0x0E:
      return "float64";
    default:
      return "unknown";
  }
}

std::string hex_byte(uint8_t value) {
  static const char* kDigits = "0123456789abcdef";
  return std::string("0x") + kDigits[value >> 4] + kDigits[value & 15];
}

std::string shape_text(const std::vector<uint32_t>& dims) {
  std::string text;
  for (size_t i = 0; i < dims.size(); ++i) text += (i ? "x" : "") + std::to_string(dims[i]);
  return text.empty() ? "scalar" : text;
}

IdxArray parse_raw(const uint8_t* data, size_t size, const std::string& name,
                   size_t expected_dims) {
  if (size < 4) {
    throw DataError(name, "too short for an IDX header (" + std::to_string(size) + " bytes)");
  }
  if (data[0] != 0 || data[1] != 0) {
    throw DataError(name, "wrong magic: not an IDX file (first bytes " + hex_byte(data[0]) + " " +
                              hex_byte(data[1]) + ", expected 0x00 0x00)");
  }
  if (data[2] != kUnsignedByte) {
    throw DataError(name, "IDX element type " + hex_byte(data[2]) + " (" + type_name(data[2]) +
                              ") is not supported; only 0x08 (unsigned byte)");
  }
  const size_t ndims = data[3];
  if (expected_dims != 0 && ndims != expected_dims) {
    throw DataError(name, "wrong dimensions: IDX file has " + std::to_string(ndims) +
                              " dimensions, expected " + std::to_string(expected_dims));
  }
  const size_t header = 4 + 4 * ndims;
  if (size < header) {
    throw DataError(name, "truncated header: " + std::to_string(ndims) + " dimensions need " +
                              std::to_string(header) + " bytes, file has " + std::to_string(size));
  }
  IdxArray out;
  size_t payload = 1;
  for (size_t d = 0; d < ndims; ++d) {
    const uint32_t dim = read_be32(data + 4 + 4 * d);
    out.dims.push_back(dim);
    // Overflow-safe: a lying header must not wrap the size check below.
    if (dim != 0 && payload > std::numeric_limits<size_t>::max() / dim) {
      throw DataError(name, "dimensions " + shape_text(out.dims) + " overflow");
    }
    payload *= dim;
  }
  if (ndims == 0) payload = 0;
  const size_t available = size - header;
  if (available < payload) {
    throw DataError(name, "truncated payload: dimensions " + shape_text(out.dims) + " need " +
                              std::to_string(payload) + " bytes after the header, file has " +
                              std::to_string(available));
  }
  if (available > payload) {
    throw DataError(name, "payload too long: dimensions " + shape_text(out.dims) + " need " +
                              std::to_string(payload) + " bytes after the header, file has " +
                              std::to_string(available));
  }
  out.data.assign(data + header, data + header + payload);
  return out;
}

}  // namespace

IdxArray parse_idx(const uint8_t* data, size_t size, const std::string& name,
                   size_t expected_dims) {
  if (is_gzip(data, size)) {
    const Bytes raw = gunzip(data, size, name);
    return parse_raw(raw.data(), raw.size(), name, expected_dims);
  }
  return parse_raw(data, size, name, expected_dims);
}

}  // namespace rcmae
