#pragma once
// The Teacher gradients tab (docs/TEACHER_GRADIENTS.md): does the EMA teacher's
// consistency gradient g_c oppose the previous reconstruction gradient g_r(t-k), and more
// so when consecutive batches look alike? Time series of the cosines and the norm ratio,
// a scatter against feature similarity with its trend, and a groups × time heat map.
#include <QWidget>

#include "metric_history.h"
#include "theme.h"
#include "views/workbench_tab.h"

class QLabel;

namespace rcmae::ui {

class GroupHeatMap;
class PlotControlBar;
class ThemedPlot;
class TimeSeriesPlot;
class TrendScatterPlot;

class GradientsTab : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit GradientsTab(const MetricHistory* history, QWidget* parent = nullptr);

  // WorkbenchTab
  void clearRun() override { rebuild(); }
  void newFrame() override { refresh(); }
  void applyTheme(const PlotTheme& plot, const ViewTheme& /*view*/) override { applyTheme(plot); }
  bool toggleFollowLive() override;
  QWidget* currentFigure() const override;

  // What the status line says about measuring (every k steps, pooling, or "off").
  void setRunConfig(const TrainConfig& config);
  void refresh();
  void rebuild();
  void applyTheme(const PlotTheme& theme);
  void setFollowLive(bool follow);

  ThemedPlot* currentPlot() const { return current_; }
  TimeSeriesPlot* cosinePlot() const { return cosines_; }
  TimeSeriesPlot* ratioPlot() const { return ratio_; }
  TrendScatterPlot* scatter() const { return scatter_; }
  GroupHeatMap* heatMap() const { return heat_map_; }

 private:
  void updateMeasurementViews();
  void updateStatus();

  const MetricHistory* history_;
  TimeSeriesPlot* cosines_ = nullptr;
  TimeSeriesPlot* ratio_ = nullptr;
  TrendScatterPlot* scatter_ = nullptr;
  GroupHeatMap* heat_map_ = nullptr;
  ThemedPlot* current_ = nullptr;
  PlotControlBar* controls_ = nullptr;
  QLabel* status_ = nullptr;  // word-wrapped: set only when the message itself changes
  QLabel* count_ = nullptr;   // the live count, a SteadyLabel
  TrainConfig config_;
  bool has_config_ = false;
  int drawn_measurements_ = -1;
  int generation_ = -1;
};

}  // namespace rcmae::ui
