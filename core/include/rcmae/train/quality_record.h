#pragma once
// One measurement of what a run has learned, on a fixed held-out set: how well the hidden
// patches are reconstructed (in pixel space) and how good the frozen encoder features are,
// next to the raw-pixel baselines of the same evaluation. Plain values: crosses to the GUI
// and is written as one row of quality.csv.
#include <cmath>
#include <cstdint>

namespace rcmae {

struct QualityRecord {
  int64_t step = 0;
  double train_s = 0;  // training time when measured (pauses and evaluations excluded)
  double eval_s = 0;   // what this measurement cost
  // Reconstruction of the hidden patches of the held-out images, fixed masks, pixel space
  // [0, 1]. nmse = mse / (mse of filling every hidden patch with the image's mean visible
  // pixel): 1 = no better than mean fill, 0 = perfect. Teacher values NaN without one.
  double student_mse = std::nan(""), student_psnr = std::nan(""), student_nmse = std::nan("");
  double teacher_mse = std::nan(""), teacher_psnr = std::nan(""), teacher_nmse = std::nan("");
  // Frozen-feature representation quality (NaN when this measurement did not include it):
  // weighted kNN top-1 (k 20, cosine, T 0.07) and linear-probe top-1, in [0, 1].
  double student_knn = std::nan(""), teacher_knn = std::nan("");
  double student_probe = std::nan(""), teacher_probe = std::nan("");
  double student_collapse = std::nan(""), teacher_collapse = std::nan("");
  // The same kNN and probe on raw (normalised) pixels: what a feature must beat.
  double pixel_knn = std::nan(""), pixel_probe = std::nan("");

  bool has_representation() const { return !std::isnan(student_knn); }
  // The encoder evaluation uses: the teacher's, or the student's in MAE mode.
  double eval_knn() const { return std::isnan(teacher_knn) ? student_knn : teacher_knn; }
  double eval_probe() const { return std::isnan(teacher_probe) ? student_probe : teacher_probe; }
  double eval_nmse() const { return std::isnan(teacher_nmse) ? student_nmse : teacher_nmse; }
};

}  // namespace rcmae
