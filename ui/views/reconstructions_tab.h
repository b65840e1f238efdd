#pragma once
// The Reconstructions tab: the grid (or the student | teacher split view, or their
// difference), the mask of the selected image, the paper-view toggle and the history
// scrubber underneath.
#include <QWidget>

#include "metric_history.h"
#include "rcmae/session/session_types.h"
#include "theme.h"
#include "views/workbench_tab.h"

class QCheckBox;
class QComboBox;
class QStackedWidget;

namespace rcmae::ui {

class HistoryScrubber;
class LossPlotView;
class MaskView;
class ReconstructionView;
class SplitCompareView;

class ReconstructionsTab : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  // `history` feeds the compact loss plot under the grid.
  explicit ReconstructionsTab(const MetricHistory* history, QWidget* parent = nullptr);

  // WorkbenchTab
  void clearRun() override { clear(); }
  // The loss plot under the grid, and the mask ratio the next snapshots will show.
  void newFrame() override;
  void applyTheme(const PlotTheme& plot, const ViewTheme& view) override { setTheme(view, plot); }

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
  // What the image area shows: the grid, student | teacher split by a divider, or
  // |student − teacher| per pixel. The split view follows the scrubber as the grid does.
  enum class View { Grid = 0, Split, Difference };
  void setView(View view);
  View view() const;
  QComboBox* viewChoice() const { return view_choice_; }
  SplitCompareView* splitView() const { return split_; }

 private:
  void show(const session::SnapshotPtr& snapshot);
  void updatePaperToggle();
  void updateSplit();

  const MetricHistory* history_;
  ReconstructionView* grid_ = nullptr;
  MaskView* mask_ = nullptr;
  HistoryScrubber* scrubber_ = nullptr;
  LossPlotView* loss_ = nullptr;
  QCheckBox* paper_view_ = nullptr;
  QComboBox* view_choice_ = nullptr;
  QStackedWidget* views_ = nullptr;  // the grid or the split view
  SplitCompareView* split_ = nullptr;
};

}  // namespace rcmae::ui
