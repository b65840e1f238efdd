#pragma once
// What one training step reports. Plain values: crosses the thread boundary to the GUI and
// is written as one row of metrics.csv.
#include <cmath>
#include <cstdint>

namespace rcmae {

struct StepRecord {
  int64_t step = 0;         // 1-based index of the optimiser step just taken
  int64_t images_seen = 0;  // step * batch
  double loss = 0;
  double loss_rec = 0;
  double loss_cons = 0;  // 0 in MAE mode
  double lr = 0;
  double momentum = 0;  // effective EMA momentum used after this step (NaN in MAE mode)
  double gamma = 0;
  double mask_ratio = 0;
  double step_s = 0;       // wall time of the whole step
  double data_wait_s = 0;  // time spent waiting for the batch
  double images_per_s = 0;
  double wall_s = 0;  // training time so far: time in steps, pauses excluded, kept across resumes
  double teacher_distance = std::nan("");  // ||theta - phi|| / ||theta||, when measured
  // Gradient diagnostics (NaN on steps without a measurement; see grad_similarity.h).
  double cos_c_r = std::nan("");
  double cos_c_r_prev = std::nan("");
  double grad_norm_ratio = std::nan("");
  double feature_similarity = std::nan("");
  double nn_similarity = std::nan("");
};

}  // namespace rcmae
