#include "rcmae/data/byte_buffer.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "rcmae/data/data_error.h"

namespace rcmae {

Bytes read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    const int err = errno;
    throw DataError(path, err == ENOENT ? std::string("file not found")
                                        : std::string("cannot open: ") + std::strerror(err));
  }
  const std::streamoff size = in.tellg();
  if (size < 0) throw DataError(path, "cannot determine the file size");
  Bytes bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    throw DataError(path, "read failed after " + std::to_string(in.gcount()) + " of " +
                              std::to_string(size) + " bytes");
  }
  return bytes;
}

bool is_gzip(const uint8_t* data, size_t size) {
  return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

Bytes gunzip(const uint8_t* data, size_t size, const std::string& name, size_t max_output) {
  z_stream stream{};
  // 15 + 32: any window size, gzip or zlib header detected automatically.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) throw DataError(name, "zlib init failed");
  Bytes out;
  out.resize(std::min<size_t>(max_output, std::max<size_t>(size * 4, 1 << 16)));
  stream.next_in = const_cast<Bytef*>(data);
  size_t consumed = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (stream.total_out == out.size()) {
      if (out.size() >= max_output) {
        inflateEnd(&stream);
        throw DataError(name, "decompresses to more than " + std::to_string(max_output) +
                                  " bytes; refusing to continue");
      }
      out.resize(std::min(max_output, out.size() * 2));
    }
    // zlib counts in uInt: feed and drain at most 1 GiB at a time.
    const size_t in_chunk = std::min<size_t>(size - consumed, 1u << 30);
    stream.next_in = const_cast<Bytef*>(data + consumed);
    stream.avail_in = static_cast<uInt>(in_chunk);
    stream.next_out = out.data() + stream.total_out;
    stream.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - stream.total_out, 1u << 30));
    status = inflate(&stream, Z_NO_FLUSH);
    consumed += in_chunk - stream.avail_in;
    if (status == Z_BUF_ERROR && consumed == size) {
      inflateEnd(&stream);
      throw DataError(
          name, "truncated gzip stream (ends after " + std::to_string(size) + " compressed bytes)");
    }
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      const std::string message = stream.msg ? stream.msg : "error " + std::to_string(status);
      inflateEnd(&stream);
      throw DataError(name, "corrupt gzip stream: " + message);
    }
  }
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

}  // namespace rcmae
