#pragma once
// The Reconstructions tab: the grid, the mask of the selected image, the paper-view toggle
// and the history scrubber underneath.
#include <QWidget>

#include "rcmae/session/session_types.h"
#include "metric_history.h"
#include "theme.h"

class QCheckBox;

namespace rcmae::ui {

class HistoryScrubber;
class LossPlotView;
class MaskView;
class ReconstructionView;

class ReconstructionsTab : public QWidget {
  Q_OBJECT

 public:
  // `history` feeds the compact loss plot under the grid.
  explicit ReconstructionsTab(const MetricHistory* history, QWidget* parent = nullptr);

  void addSnapshot(const session::SnapshotPtr& snapshot);
  void setRunDir(const QString& run_dir);
  void setLiveRatio(double ratio);
  void clear();
  void setTheme(const ViewTheme& theme, const PlotTheme& plot);
  void refreshPlot();
  ReconstructionView* grid() const { return grid_; }
  HistoryScrubber* scrubber() const { return scrubber_; }
  LossPlotView* lossPlot() const { return loss_; }
  // "Paper view: true patch statistics": off by default, enabled for norm-pix snapshots only.
  QCheckBox* paperViewToggle() const { return paper_view_; }

 private:
  void show(const session::SnapshotPtr& snapshot);
  void updatePaperToggle();

  ReconstructionView* grid_ = nullptr;
  MaskView* mask_ = nullptr;
  HistoryScrubber* scrubber_ = nullptr;
  LossPlotView* loss_ = nullptr;
  QCheckBox* paper_view_ = nullptr;
};

}  // namespace rcmae::ui
