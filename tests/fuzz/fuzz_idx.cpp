// libFuzzer target: the IDX parser (gzip'd or raw) on arbitrary bytes. A DataError is the
// expected answer to bad input; anything else (crash, sanitizer report, broken invariant)
// is a bug.
#include <cstddef>
#include <cstdint>

#include "rcmae/data/data_error.h"
#include "rcmae/data/idx_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const rcmae::IdxArray array = rcmae::parse_idx(data, size, "fuzz.idx");
    size_t expected = array.dims.empty() ? 0 : 1;
    for (uint32_t dim : array.dims) expected *= dim;
    if (array.data.size() != expected) __builtin_trap();
  } catch (const rcmae::DataError&) {
  }
  return 0;
}
