// libFuzzer target: the CIFAR-10 batch parser on arbitrary bytes. A DataError is the
// expected answer to bad input; anything else is a bug.
#include <cstddef>
#include <cstdint>

#include "rcmae/data/cifar_format.h"
#include "rcmae/data/data_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const rcmae::CifarBatch batch = rcmae::parse_cifar_batch(data, size, "fuzz.bin");
    if (batch.count() * rcmae::kCifarRecord != size) __builtin_trap();
    if (batch.pixels.size() != batch.count() * rcmae::kCifarPixels) __builtin_trap();
    for (uint8_t label : batch.labels) {
      if (label >= rcmae::kCifarClasses) __builtin_trap();
    }
  } catch (const rcmae::DataError&) {
  }
  return 0;
}
