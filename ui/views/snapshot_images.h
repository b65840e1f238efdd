#pragma once
// Turns a reconstruction snapshot (float buffers in [0,1]) into QImages, once per
// snapshot, so painting is only scaling.
#include <QImage>
#include <QStringList>
#include <QVector>

#include "rcmae/train/reconstruction.h"

namespace rcmae::ui {

enum class SnapshotRow { Original, Masked, Student, Teacher, Pasted, Error };
constexpr int kSnapshotRows = 6;
QString row_title(SnapshotRow row);
QString row_tooltip(SnapshotRow row);

struct SnapshotImages {
  int64_t step = 0;
  int count = 0;
  double error_max = 0;  // heat map scale: the largest per-patch error in this snapshot
  QVector<QImage> rows[kSnapshotRows];  // empty row: not available (teacher in MAE mode)
};

SnapshotImages render_snapshot(const ReconstructionSnapshot& snapshot);

// One image of a [count, C, size, size] buffer; 1 channel gives grey, 3 give RGB.
QImage plane_to_image(const std::vector<float>& data, int index, int channels, int size);
// A perceptual dark-to-bright colour ramp (magma-like) for t in [0,1].
QColor heat_color(double t);

}  // namespace rcmae::ui
