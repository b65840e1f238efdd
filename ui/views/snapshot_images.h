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

// Which predictions the Student, Teacher and Pasted rows show for a norm-pix run.
//   Honest: placed with the visible patches' statistics, information the model has.
//   Paper:  hidden patches un-normalised with their TRUE statistics (the MAE paper's
//           figures); the model never had them, so this view is opt-in and labelled.
enum class Placement { Honest, Paper };

// The paper view needs the snapshot's oracle predictions (norm-pix runs only).
bool has_paper_view(const ReconstructionSnapshot& snapshot);
// Rows whose visible patches are drawn dimmed: MAE's loss never trains those predictions.
bool dims_visible_patches(SnapshotRow row);

struct SnapshotImages {
  int64_t step = 0;
  int count = 0;
  Placement placement = Placement::Honest;  // what was rendered (Honest without oracles)
  double error_max = 0;  // heat map scale: the largest per-patch error in this snapshot
  QVector<QImage> rows[kSnapshotRows];  // empty row: not available (teacher in MAE mode)
};

// `placement` Paper falls back to Honest when the snapshot has no oracle predictions.
SnapshotImages render_snapshot(const ReconstructionSnapshot& snapshot,
                               Placement placement = Placement::Honest);

// One image of a [count, C, size, size] buffer; 1 channel gives grey, 3 give RGB.
QImage plane_to_image(const std::vector<float>& data, int index, int channels, int size);
// A perceptual dark-to-bright colour ramp (magma-like) for t in [0,1].
QColor heat_color(double t);

}  // namespace rcmae::ui
