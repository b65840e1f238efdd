#include "views/compare_sides.h"

namespace rcmae::ui {
namespace {

SplitSide side_of(const SnapshotImages& images, const ReconstructionSnapshot& snapshot,
                  SnapshotRow row, const QString& label) {
  SplitSide side;
  side.label = label;
  side.images = images.rows[int(row)];
  side.mask = snapshot.mask;
  side.grid = snapshot.grid;
  if (side.images.isEmpty())
    side.missing =
        row == SnapshotRow::Teacher
            ? "No teacher in an MAE run: there is nothing to compare the student with.\n"
              "Train RC-MAE-S or RC-MAE-D to see the student and its EMA teacher side by side."
            : "This snapshot has no " + row_title(row).toLower() + " reconstruction.";
  return side;
}

}  // namespace

std::pair<SplitSide, SplitSide> student_teacher_sides(const ReconstructionSnapshot& snapshot,
                                                      Placement placement) {
  const SnapshotImages images = render_snapshot(snapshot, placement);
  return {side_of(images, snapshot, SnapshotRow::Student, "Student"),
          side_of(images, snapshot, SnapshotRow::Teacher, "Teacher (EMA)")};
}

SplitSide snapshot_side(const ReconstructionSnapshot& snapshot, SnapshotRow row,
                        const QString& label) {
  SplitSide side = side_of(render_snapshot(snapshot), snapshot, row, label);
  if (side.images.isEmpty() && row == SnapshotRow::Teacher)
    side.missing = label + " is an MAE run: it has no teacher. Compare students instead.";
  return side;
}

}  // namespace rcmae::ui
