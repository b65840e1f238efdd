#pragma once
// A display-ready view of what the model does with one batch: plain float buffers, so it
// can cross to the GUI thread. Images are in [0,1] display space (channels first).
#include <cstdint>
#include <vector>

#include "rcmae/train/attention_maps.h"

namespace rcmae {

struct ReconstructionSnapshot {
  int64_t step = 0;
  int count = 0;  // images in the batch
  int channels = 0;
  int size = 0;  // height == width
  int patch = 0;
  int grid = 0;  // patches per side
  // Norm-pix targets: each prediction is placed in pixel space with statistics the model
  // could know, the mean patch mean and mean patch std of that image's visible patches.
  bool norm_pix = false;
  std::vector<float> original;  // [count, C, size, size]
  std::vector<float> masked;    // original with hidden patches set to 0.5 grey
  std::vector<float> student;   // student reconstruction of every patch
  std::vector<float> teacher;   // teacher reconstruction; empty without a teacher
  std::vector<float> pasted;    // student reconstruction with the visible patches pasted back
  // Paper-figure view (norm-pix runs only, else empty): hidden predictions un-normalised with
  // the TRUE statistics of each hidden patch, information the model never had. For an
  // explicit, labelled toggle only, off by default.
  std::vector<float> student_oracle;
  std::vector<float> teacher_oracle;
  std::vector<float> patch_error;  // [count, grid*grid] mean squared error in target space
  std::vector<uint8_t> mask;       // [count, grid*grid], 1 = hidden
  double mask_ratio = 0;
  // The encoders' cls attention over each image's visible patches (empty teacher in MAE mode).
  AttentionMaps student_attention;
  AttentionMaps teacher_attention;

  int64_t image_floats() const { return int64_t(channels) * size * size; }
};

}  // namespace rcmae
