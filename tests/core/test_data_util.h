#pragma once
// Helpers shared by the data-layer tests: writing small files, gzip, checking DataErrors.
#include <zlib.h>

#include <QtTest/QtTest>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "rcmae/data/data_error.h"

namespace rcmae::test {

inline void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  QVERIFY2(out.good(), path.c_str());
}

inline std::vector<uint8_t> gzip_bytes(const std::vector<uint8_t>& raw) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::vector<uint8_t> out(deflateBound(&stream, raw.size()) + 32);
  stream.next_in = const_cast<Bytef*>(raw.data());
  stream.avail_in = static_cast<uInt>(raw.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// An IDX file of unsigned bytes with the given dimensions and payload.
inline std::vector<uint8_t> idx_bytes(const std::vector<uint32_t>& dims,
                                      const std::vector<uint8_t>& payload, uint8_t type = 0x08) {
  std::vector<uint8_t> out = {0, 0, type, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(d >> shift));
  }
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

// Runs `action`, which must throw DataError whose message names `file` and contains
// `problem`. Reports the actual message when it does not.
inline void expect_data_error(const std::function<void()>& action, const std::string& file,
                              const std::string& problem) {
  try {
    action();
  } catch (const DataError& error) {
    const std::string message = error.what();
    QVERIFY2(
        message.find(file) != std::string::npos,
        qPrintable(QString::fromStdString("message does not name '" + file + "': " + message)));
    QVERIFY2(message.find(problem) != std::string::npos,
             qPrintable(QString::fromStdString("message lacks '" + problem + "': " + message)));
    return;
  }
  QFAIL(
      qPrintable(QString::fromStdString("no DataError (expected: " + file + ": " + problem + ")")));
}

}  // namespace rcmae::test
