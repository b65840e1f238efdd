#pragma once
// The reconstruction snapshot the ui tests draw and save: `count` one-channel grey images of
// size x size pixels in grid x grid patches, every patch hidden, the student (and the
// teacher, when there is one) predicting one grey everywhere. Tests then set the fields
// their check is about (a mask, norm-pix oracles, varying pixels).
#include <cstdint>
#include <optional>

#include "rcmae/train/reconstruction.h"

namespace rcmae::testing {

inline ReconstructionSnapshot grey_snapshot(int64_t step, int count, int size, int grid,
                                            float student, std::optional<float> teacher,
                                            double mask_ratio = 0.75, float original = 0.5f) {
  ReconstructionSnapshot s;
  s.step = step;
  s.count = count;
  s.channels = 1;
  s.size = size;
  s.patch = size / grid;
  s.grid = grid;
  s.mask_ratio = mask_ratio;
  const size_t floats = size_t(count) * size * size;
  s.original.assign(floats, original);
  s.masked.assign(floats, 0.5f);
  s.student.assign(floats, student);
  if (teacher) s.teacher.assign(floats, *teacher);
  s.pasted.assign(floats, student);
  const size_t patches = size_t(count) * grid * grid;
  s.patch_error.assign(patches, 0.1f);
  s.mask.assign(patches, 1);
  return s;
}

}  // namespace rcmae::testing
