#pragma once
// The pointer's highlight on the stage: the demo image under the mouse, enlarged, above
// its masked input and its per-patch error, with the mean error on its hidden patches.
// It covers the stage's side column while the pointer rests on a column of the grid.
#include <QImage>
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "theme.h"

namespace rcmae::ui {

class TileZoom : public QWidget {
  Q_OBJECT

 public:
  explicit TileZoom(QWidget* parent = nullptr);

  // `original`, `masked`, `error`: the grid's pictures of demo image `index` of `snapshot`.
  void show(const session::SnapshotPtr& snapshot, int index, const QImage& original,
            const QImage& masked, const QImage& error);
  void setTheme(const ViewTheme& theme);
  int imageIndex() const { return index_; }
  // Mean per-patch error over the hidden patches of image `index` (what the loss trains).
  static double hiddenPatchError(const ReconstructionSnapshot& snapshot, int index);

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QImage pictures_[3];
  int index_ = -1;
  double error_ = 0;
  ViewTheme theme_;
};

}  // namespace rcmae::ui
