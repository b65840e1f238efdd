#pragma once
// The Reconstructions tab: the grid, the mask of the selected image, and the history
// scrubber underneath.
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "theme.h"

namespace rcmae::ui {

class HistoryScrubber;
class MaskView;
class ReconstructionView;

class ReconstructionsTab : public QWidget {
  Q_OBJECT

 public:
  explicit ReconstructionsTab(QWidget* parent = nullptr);

  void addSnapshot(const session::SnapshotPtr& snapshot);
  void setRunDir(const QString& run_dir);
  void setLiveRatio(double ratio);
  void clear();
  void setTheme(const ViewTheme& theme);
  ReconstructionView* grid() const { return grid_; }
  HistoryScrubber* scrubber() const { return scrubber_; }

 private:
  void show(const session::SnapshotPtr& snapshot);

  ReconstructionView* grid_ = nullptr;
  MaskView* mask_ = nullptr;
  HistoryScrubber* scrubber_ = nullptr;
};

}  // namespace rcmae::ui
