#pragma once
// What the side-by-side views compare, cut out of reconstruction snapshots: the student
// and the teacher of one snapshot (Reconstructions tab), or one model's reconstruction from
// each of two runs (Runs tab). Pictures come from render_snapshot, so the placement of
// norm-pix predictions is the grid's.
#include <QString>
#include <utility>

#include "rcmae/train/reconstruction.h"
#include "views/snapshot_images.h"
#include "views/split_compare_view.h"

namespace rcmae::ui {

// Left: the student, right: the teacher. A snapshot without a teacher (MAE) gives a right
// side with no pictures and a message saying why.
std::pair<SplitSide, SplitSide> student_teacher_sides(const ReconstructionSnapshot& snapshot,
                                                      Placement placement = Placement::Honest);

// `row` (Student or Teacher) of one run's snapshot, labelled `label`; an MAE run asked for
// its teacher gives no pictures and says so.
SplitSide snapshot_side(const ReconstructionSnapshot& snapshot, SnapshotRow row,
                        const QString& label);

}  // namespace rcmae::ui
