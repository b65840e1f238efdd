#pragma once
// Whole-file reads and in-memory gunzip: the raw bytes the format parsers work on.
// No torch, no OpenCV: the fuzz targets link this with zlib only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rcmae {

using Bytes = std::vector<uint8_t>;

// Reads `path` whole. Throws DataError naming the path when missing or unreadable.
Bytes read_file_bytes(const std::string& path);

bool is_gzip(const uint8_t* data, size_t size);

// Inflates a gzip (or zlib) stream. Throws DataError naming `name` on a corrupt or
// truncated stream, or when the output would exceed `max_output` bytes (a zip bomb
// guard; the default is above any dataset file this app reads).
Bytes gunzip(const uint8_t* data, size_t size, const std::string& name,
             size_t max_output = size_t{4} << 30);

}  // namespace rcmae
