#pragma once
// Which attention maps the Attention tab draws, as rows of a grid whose columns are the demo
// images: every layer (one head, or the mean of the heads) followed by the rollout, or every
// head of one layer. Plain data from the snapshot's AttentionMaps; no painting here.
#include <QString>
#include <QVector>

#include "rcmae/train/reconstruction.h"

namespace rcmae::ui {

enum class AttentionEncoder { Teacher, Student };

struct AttentionSelection {
  AttentionEncoder encoder = AttentionEncoder::Teacher;
  int layer = -1;  // -1: every layer and the rollout; 0..layers-1: every head of that layer
  int head = -1;   // with layer -1: -1 is the mean of the heads, else that head
};

struct AttentionRow {
  QString title;  // e.g. "Layer 2", "Rollout", "Head 3"
  QString tooltip;
  // Per image, the cls token's attention: [0] to itself, then the visible patches in raster
  // order (the zeros of the snapshot's mask). Each sums to 1.
  QVector<QVector<float>> images;
};

// The maps of the chosen encoder; null when the snapshot has none (no teacher in MAE mode,
// or a snapshot file written before attention maps were kept).
const AttentionMaps* attention_maps(const ReconstructionSnapshot& snapshot,
                                    AttentionEncoder encoder);
QString encoder_name(AttentionEncoder encoder);

// Rows for `selection` (out-of-range layer or head fall back to every layer / the mean).
QVector<AttentionRow> attention_rows(const AttentionMaps& maps,
                                     const AttentionSelection& selection);

}  // namespace rcmae::ui
